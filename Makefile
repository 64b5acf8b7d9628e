# RCM Tracker: every set-up step behind two commands, `make run` and `make test`.
# See README.md for what each target does and the environment variables.

PYTHON ?= python3.11
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Local development: debug pages, console e-mail, tasks run in-process.
DEV_ENV := DEBUG=1

.DEFAULT_GOAL := help
.PHONY: help install run test check lint format migrate demo messages compilemessages worker beat clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed ## Create the virtual environment and install the pinned packages

run: install ## Migrate, load the demo data (shifted to today) and serve on 127.0.0.1:$(PORT)
	$(DEV_ENV) $(MANAGE) migrate --noinput
	$(DEV_ENV) $(MANAGE) load_demo --shift-to-today
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

test: install ## Run the whole test suite (SQLite unless DATABASE_URL is set)
	$(BIN)/python -m pytest

check: install ## Lint, formatting, app layering, type checks, missing migrations, translations and the deploy check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(DEV_ENV) $(MANAGE) makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=ci-$$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n') ALLOWED_HOSTS=rcm.example.org \
		$(MANAGE) check --deploy --fail-level WARNING

lint: check ## Same as check

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: install ## Apply database migrations
	$(DEV_ENV) $(MANAGE) migrate --noinput

demo: install ## Load the demo data, shifted to today (idempotent)
	$(DEV_ENV) $(MANAGE) load_demo --shift-to-today

messages: install ## Refresh the Spanish catalog from the source and compile it
	$(DEV_ENV) $(MANAGE) makemessages --locale es --no-obsolete --add-location file \
		--ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'tests/*'
	$(DEV_ENV) $(MANAGE) compilemessages --locale es --ignore '.venv/*'

compilemessages: install ## Compile the Spanish catalog
	$(DEV_ENV) $(MANAGE) compilemessages --locale es --ignore '.venv/*'

worker: install ## Run a Celery worker (needs CELERY_BROKER_URL)
	$(BIN)/celery -A rcm_tracker worker --loglevel INFO

beat: install ## Run Celery beat with the database scheduler (needs CELERY_BROKER_URL)
	$(BIN)/celery -A rcm_tracker beat --loglevel INFO

clean: ## Remove the virtual environment, caches and the SQLite database
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache staticfiles db.sqlite3 var
