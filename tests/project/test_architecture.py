"""The apps depend one way, foreign keys included (imports are checked by `lint-imports`)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]


def _layers() -> list[set[str]]:
    """The layers of pyproject's import-linter contract, lowest first."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["type"] == "layers"]
    return [
        {name.strip() for name in layer.replace(":", "|").split("|")}
        for layer in reversed(contract["layers"])
    ]


LAYERS = _layers()
LEVEL = {app: level for level, names in enumerate(LAYERS) for app in names}


def test_every_app_of_the_project_has_a_layer():
    ours = {config.name for config in apps.get_app_configs() if (ROOT / config.name).is_dir()}
    assert ours == set(LEVEL)


def _relations():
    for model in apps.get_models(include_auto_created=True):
        source = model._meta.app_label
        if source not in LEVEL or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields(include_hidden=True):
            # Django's and libraries' models sit below every app of ours.
            target = field.related_model if field.is_relation and field.concrete else None
            if target is not None and target._meta.app_label in LEVEL:
                yield model, field


@pytest.mark.parametrize(
    ("model", "field"),
    [pytest.param(m, f, id=f"{m._meta.label}.{f.name}") for m, f in _relations()],
)
def test_a_foreign_key_points_to_its_own_layer_or_below(model, field):
    target = field.related_model._meta.app_label
    source = model._meta.app_label
    siblings = LEVEL[target] == LEVEL[source] and target != source
    assert LEVEL[target] <= LEVEL[source] and not siblings, (
        f"{model._meta.label}.{field.name} points up or sideways to {target}"
    )


def test_demo_data_has_no_models_of_its_own():
    assert list(apps.get_app_config("demo").get_models()) == []
