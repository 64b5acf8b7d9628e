"""Verb and noun tables that tell what a resolution asks for, in English and Spanish.

Verbs are grouped by what they do to the action's object:

* ACK: thank, welcome, take note, approve... (a resolution of only these asks nothing);
* REQUEST: ask, request, solicitar... (who comes next is responsible, the next verb acts);
* FRAME: agree, decide, continue... (skipped: the following verb says what is done);
* TRANSMIT: submit, send, enviar... (information or comments travel);
* PRESENT: present, circulate, update, difundir... (a document is shown or shared);
* PRODUCE: prepare, develop, elaborar... (a document is written);
* CONVENE: hold, conduct, realizar... (an event or meeting takes place);
* MEET: meet, reunirse (a meeting takes place);
* COMMENT: comment, comentar (comments are given).

All patterns run on folded text (see `lexicon.fold`).
"""

from __future__ import annotations

import re

from .lexicon import words

ENGLISH_VERBS: dict[str, list[str]] = {
    "ACK": [
        "thank",
        "welcome",
        "take note",
        "note",
        "approve",
        "congratulate",
        "recognize",
        "recognise",
        "acknowledge",
        "endorse",
        "express",
        "appreciate",
        "highlight",
        "reiterate",
        "adopt",
        "commend",
        "applaud",
        "value",
        "celebrate",
        "accept",
        "validate",
        "reaffirm",
        "emphasize",
        "emphasise",
        "underline",
        "praise",
        "salute",
    ],
    "REQUEST": [
        "ask",
        "request",
        "invite",
        "urge",
        "call on",
        "call upon",
        "encourage",
        "instruct",
        "entrust",
        "mandate",
        "task",
        "recommend",
        "exhort",
        "suggest",
    ],
    "FRAME": [
        "agree",
        "decide",
        "resolve",
        "continue",
        "commit",
        "undertake",
        "offer",
        "propose to",
    ],
    "TRANSMIT": [
        "submit",
        "send",
        "provide",
        "forward",
        "share",
        "remit",
        "transmit",
        "deliver",
        "report",
        "inform",
        "communicate",
        "designate",
        "appoint",
        "nominate",
        "complete",
        "fill in",
        "fill out",
        "answer",
        "respond to",
        "identify",
        "notify",
        "confirm",
        "contribute",
    ],
    "PRESENT": [
        "present",
        "circulate",
        "disseminate",
        "distribute",
        "publish",
        "update",
        "socialize",
        "socialise",
        "upload",
        "post",
    ],
    "PRODUCE": [
        "prepare",
        "develop",
        "draft",
        "elaborate",
        "design",
        "finalize",
        "finalise",
        "produce",
        "compile",
        "consolidate",
        "systematize",
        "systematise",
        "translate",
        "create",
        "build",
        "revise",
        "review",
        "draw up",
        "write",
        "propose",
        "establish",
        "define",
        "map",
        "analyze",
        "analyse",
        "study",
        "document",
        "adapt",
    ],
    "CONVENE": [
        "hold",
        "co-organize",
        "co-organise",
        "co-host",
        "convene",
        "conduct",
        "organize",
        "organise",
        "carry out",
        "schedule",
        "host",
        "implement",
        "launch",
        "coordinate",
        "arrange",
        "run",
        "perform",
        "deliver",
        "facilitate",
        "plan",
        "call",
    ],
    "MEET": ["meet", "reconvene"],
    "COMMENT": ["comment", "give feedback", "provide feedback"],
}

SPANISH_VERBS: dict[str, list[str]] = {
    "ACK": [
        "agradecer",
        "dar la bienvenida",
        "tomar nota",
        "aprobar",
        "reconocer",
        "felicitar",
        "destacar",
        "saludar",
        "respaldar",
        "valorar",
        "acoger",
        "resaltar",
        "aplaudir",
        "expresar",
        "reiterar",
        "adoptar",
        "avalar",
        "ratificar",
        "validar",
        "celebrar con beneplacito",
        "manifestar",
        "subrayar",
        "enfatizar",
    ],
    "REQUEST": [
        "solicitar",
        "pedir",
        "invitar",
        "instar",
        "encomendar",
        "encargar",
        "exhortar",
        "recomendar",
        "alentar",
        "instruir",
        "mandatar",
        "sugerir",
        "requerir",
    ],
    "FRAME": [
        "acordar",
        "decidir",
        "resolver",
        "continuar",
        "comprometerse",
        "ofrecer",
        "ofrecerse",
        "proponer que",
        "dar continuidad",
        "seguir",
    ],
    "TRANSMIT": [
        "enviar",
        "remitir",
        "proporcionar",
        "facilitar",
        "compartir",
        "hacer llegar",
        "brindar",
        "informar",
        "comunicar",
        "designar",
        "nombrar",
        "completar",
        "llenar",
        "responder",
        "identificar",
        "aportar",
        "entregar",
        "reportar",
        "notificar",
        "confirmar",
        "proveer",
        "suministrar",
    ],
    "PRESENT": [
        "presentar",
        "circular",
        "difundir",
        "distribuir",
        "publicar",
        "actualizar",
        "socializar",
        "divulgar",
        "subir",
        "dar a conocer",
    ],
    "PRODUCE": [
        "elaborar",
        "preparar",
        "desarrollar",
        "redactar",
        "disenar",
        "finalizar",
        "producir",
        "compilar",
        "consolidar",
        "sistematizar",
        "traducir",
        "crear",
        "construir",
        "revisar",
        "ajustar",
        "formular",
        "proponer",
        "definir",
        "establecer",
        "mapear",
        "analizar",
        "adaptar",
        "documentar",
        "generar",
        "construir",
    ],
    "CONVENE": [
        "realizar",
        "llevar a cabo",
        "celebrar",
        "convocar",
        "organizar",
        "sostener",
        "efectuar",
        "coordinar",
        "programar",
        "implementar",
        "lanzar",
        "ejecutar",
        "impartir",
        "calendarizar",
        "planificar",
        "desarrollar",
    ],
    "MEET": ["reunirse", "sesionar", "reunir"],
    "COMMENT": ["comentar", "retroalimentar", "emitir observaciones", "emitir comentarios"],
}

# Nouns that stand for the act ("la elaboración de un manual"): a resolution can
# be written around them instead of a verb.
NOMINALISATIONS: dict[str, list[str]] = {
    "TRANSMIT": [
        "submission",
        "envio",
        "remision",
        "designacion",
        "nombramiento",
        "entrega",
        "identificacion",
    ],
    "PRESENT": [
        "presentation",
        "dissemination",
        "circulation",
        "presentacion",
        "difusion",
        "circulacion",
        "socializacion",
        "publicacion",
        "actualizacion",
    ],
    "PRODUCE": [
        "preparation",
        "development",
        "elaboration",
        "drafting",
        "elaboracion",
        "preparacion",
        "desarrollo",
        "redaccion",
        "sistematizacion",
        "revision",
        "diseno",
        "construccion",
        "compilacion",
        "traduccion",
    ],
    "CONVENE": [
        "holding",
        "organization of",
        "organisation of",
        "realizacion",
        "organizacion",
        "celebracion",
        "convocatoria",
        "implementacion",
    ],
}

# Spanish forms that are also common nouns or adjectives ("el presente informe").
_SPANISH_EXCLUDED = words(
    "presente informe publica completa completo aporte entrega reporte nota programa plan "
    "circular diseno envio revisa sostener circulo publico documento mapeo genero valido respaldo"
)
_SPANISH_EXCLUDED_KEEP = frozenset({"circular", "sostener"})  # infinitives stay verbs

_IRREGULAR_FORMS: dict[str, list[str]] = {
    "pedir": ["pida", "pidan", "pide", "piden", "pidio", "pidieron"],
    "recomendar": ["recomienda", "recomiendan", "recomiende", "recomienden"],
    "alentar": ["alienta", "alientan", "aliente", "alienten"],
    "sostener": [
        "sostenga",
        "sostengan",
        "sostendra",
        "sostendran",
        "sostiene",
        "sostienen",
        "sostuvo",
        "sostuvieron",
    ],
    "proponer": [
        "proponga",
        "propongan",
        "propondra",
        "propondran",
        "propone",
        "proponen",
        "propuso",
    ],
    "ofrecer": ["ofrezca", "ofrezcan", "ofrece", "ofrecen"],
    "reconocer": ["reconoce", "reconocen", "reconozca"],
    "agradecer": ["agradece", "agradecen", "agradezca"],
    "construir": ["construya", "construyan"],
    "proveer": ["provea", "provean"],
    "seguir": ["siga", "sigan", "sigue", "siguen"],
    "reunirse": ["se reunan", "se reunira", "se reuniran", "se reune", "se reunen", "se reunio"],
    "hacer llegar": ["haga llegar", "hagan llegar", "hara llegar", "haran llegar", "hizo llegar"],
    "dar la bienvenida": ["dio la bienvenida", "da la bienvenida"],
    "producir": ["produzca", "produzcan", "produjo"],
    "traducir": ["traduzca", "traduzcan", "tradujo"],
    "requerir": ["requiera", "requieran"],
    "sugerir": ["sugiera", "sugieran"],
}

_CLITICS = r"(?:se|le|les|lo|la|los|las|nos)?"


def _spanish_forms(verb: str) -> list[str]:
    """Return infinitive, future, present and subjunctive forms of a Spanish verb phrase."""
    head, _, rest = verb.partition(" ")
    tail = f" {rest}" if rest else ""
    if head.endswith("se"):
        head = head[:-2]
    stem, ending = head[:-2], head[-2:]
    subj = stem
    if ending == "ar":
        if stem.endswith("z"):
            subj = stem[:-1] + "c"
        elif stem.endswith("c"):
            subj = stem[:-1] + "qu"
        elif stem.endswith("g"):
            subj = stem + "u"
    vowel = "a" if ending == "ar" else "e"
    other = "e" if ending == "ar" else "a"
    forms = {head + _CLITICS, head + "a", head + "an"}  # infinitive, future (folded)
    forms |= {stem + vowel, stem + vowel + "n"}  # present
    forms |= {subj + other, subj + other + "n"}  # subjunctive
    if ending == "ar":
        forms |= {stem + "o", stem + "aron"}  # preterite: "solicitó", "acordaron"
    else:
        forms |= {stem + "io", stem + "ieron"}
    forms = {f for f in forms if f not in _SPANISH_EXCLUDED or f in _SPANISH_EXCLUDED_KEEP}
    forms |= set(_IRREGULAR_FORMS.get(verb, []))
    return sorted((f + tail for f in forms), key=len, reverse=True)


# An English verb counts only where a verb can stand, so "the report" and "a
# concept note" stay nouns: at a clause start, after "to", a modal, "and", "that",
# or right after a masked actor ("the ST circulate").
_EN_CONTEXT = (
    r"(?:(?<=\bto )|(?<=\bwill )|(?<=\bshall )|(?<=\bshould )|(?<=\bmust )"
    r"|(?<=\band )|(?<=\bor )|(?<=\bthat )|(?<=\u00a7 )|(?<=\bto also )|(?<=\bwould )"
    r"|(?<=\bcan )|(?<=\bmay )|(?<=\bplease ))"
)
# At the very start a word followed by "of" is a title ("Map of routes", "Report on
# activities"), not an order.
_EN_START = r"(?:(?<=^)|(?<=^\s)|(?<=: ))"
_NOT_A_TITLE = r"(?!\s+(?:of|on|for|about|to\s+the)\b)"


_IRREGULAR_PAST = {
    "take note": "took note",
    "draw up": "drew up",
    "write": "wrote",
    "give feedback": "gave feedback",
    "run": "ran",
    "undertake": "undertook",
    "hold": "held",
    "send": "sent",
    "meet": "met",
    "build": "built",
    "co-host": "co-hosted",
}
# Summaries in the past tense ("a) Took note of...", "The Group requested the ST to")
# count where an object follows, so an adjective ("Updated directory") stays one.
_PAST_CONTEXT = (
    r"(?:(?<=^)|(?<=^\s)|(?<=: )|(?<=\u00a7 )|(?<=\bgroup )|(?<=\bnetwork )|(?<=\bred ))"
)
_PAST_OBJECT = r"(?=\s+(?:the|a|an|to|that|its|their|on|of|with|all|member|this|\u00a7))"


def _english_past(verb: str) -> str:
    if verb in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[verb]
    return _english_participle(verb)


def _english_regex(verb: str) -> str:
    words = verb.split(" ")
    first = words[0]
    inflected = rf"{first}(?:s|es|d|ed)?" if len(words) > 1 else rf"{first}(?:s|es)?"
    body = inflected + "".join(rf"\s+{w}" for w in words[1:])
    guard = _NOT_A_TITLE if len(words) == 1 else ""
    past = re.escape(_english_past(verb)).replace(r"\ ", r"\s+")
    return rf"(?:{_EN_CONTEXT}{body}|{_EN_START}{body}{guard}|{_PAST_CONTEXT}{past}{_PAST_OBJECT})"


# Passives name the act too: "a study will be prepared by the ST", "será elaborado por".
_PASSIVE_CONTEXT = (
    r"(?:(?<=\bbe )|(?<=\bbeen )|(?<=\bsera )|(?<=\bseran )|(?<=\bsea )|(?<=\bsean )"
    r"|(?<=\bser ))"
)
_IRREGULAR_PARTICIPLES = {
    "hold": "held",
    "send": "sent",
    "build": "built",
    "write": "written",
    "draw up": "drawn up",
    "run": "run",
    "meet": "met",
    "submit": "submitted",
    "transmit": "transmitted",
    "remit": "remitted",
    "plan": "planned",
    "map": "mapped",
    "co-host": "co-hosted",
}


def _english_participle(verb: str) -> str:
    if verb in _IRREGULAR_PARTICIPLES:
        return _IRREGULAR_PARTICIPLES[verb]
    head, _, rest = verb.partition(" ")
    if head.endswith("e"):
        head += "d"
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        head = head[:-1] + "ied"
    else:
        head += "ed"
    return f"{head} {rest}".strip()


def _spanish_participles(verb: str) -> list[str]:
    head, _, rest = verb.partition(" ")
    head = head[:-2] if head.endswith("se") else head
    stem = head[:-2] + ("ad" if head.endswith("ar") else "id")
    return [stem + ending + (f" {rest}" if rest else "") for ending in ("os", "as", "o", "a")]


def _passive_regex(name: str) -> str:
    forms = [_english_participle(v) for v in ENGLISH_VERBS.get(name, [])]
    forms += [p for v in SPANISH_VERBS.get(name, []) for p in _spanish_participles(v)]
    return _PASSIVE_CONTEXT + "(?:" + "|".join(sorted(set(forms), key=len, reverse=True)) + ")"


def _class_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out: list[tuple[str, re.Pattern[str]]] = []
    classes = set(ENGLISH_VERBS) | set(SPANISH_VERBS)
    for name in classes:
        parts = [_english_regex(v) for v in ENGLISH_VERBS.get(name, [])]
        for verb in SPANISH_VERBS.get(name, []):
            parts.extend(_spanish_forms(verb))
        parts.extend(NOMINALISATIONS.get(name, []))
        if name not in ("ACK", "REQUEST", "FRAME"):
            parts.append(_passive_regex(name))
        out.append((name, re.compile(r"(?<![\w\u00a7])(?:" + "|".join(parts) + r")(?!\w)")))
    return out


VERB_PATTERNS = _class_patterns()

# Take note/thank have priority: "note" and "express" are also in other patterns.
CLASS_ORDER = (
    "ACK",
    "REQUEST",
    "FRAME",
    "COMMENT",
    "MEET",
    "TRANSMIT",
    "PRESENT",
    "PRODUCE",
    "CONVENE",
)


def find_verbs(folded: str) -> list[tuple[int, int, str]]:
    """Return (start, end, class) for every verb occurrence, in reading order."""
    found: list[tuple[int, int, str]] = []
    for name, pattern in VERB_PATTERNS:
        found.extend((m.start(), m.end(), name) for m in pattern.finditer(folded))
    rank = {name: i for i, name in enumerate(CLASS_ORDER)}
    found.sort(key=lambda v: (v[0], -(v[1] - v[0]), rank[v[2]]))
    kept: list[tuple[int, int, str]] = []
    for verb in found:
        if kept and verb[0] < kept[-1][1]:
            continue
        kept.append(verb)
    return kept


# Nouns that tell the kind of the action's object ----------------------------------------------

_NOUNS: dict[str, str] = {
    "COMMENT": r"comments?|observations?|feedback|remarks|comentarios?|observaciones|"
    r"retroalimentacion|aportes\s+y\s+comentarios",
    "MEETING": r"meetings?|sessions?|videoconferences?|teleconferences?|virtual\s+calls?|"
    r"reunion(?:es)?|sesion(?:es)?|videoconferencias?|encuentros?\s+virtual(?:es)?",
    "EVENT": r"webinars?|web\s+seminars?|workshops?|seminars?|trainings?|training\s+sessions?|"
    r"courses?|campaigns?|forums?|fora|exchanges?|events?|panels?|symposi(?:um|a)|"
    r"simulation\s+exercises?|drills?|technical\s+visits?|round\s*tables?|conferences?|"
    r"dialogues?|dialogos?|"
    r"webinarios?|seminarios?(?:\s+web)?|talleres|taller|capacitacion(?:es)?|cursos?|campanas?|"
    r"foros?|intercambios?|conferencias?|eventos?|paneles|simposios?|conversatorios?|jornadas?|"
    r"diplomados?|pasantias?|visitas?\s+tecnicas?|mesas?\s+redondas?|simulacros?|encuentros?",
    "DOC": r"documents?|manuals?|handbooks?|strateg(?:y|ies)|stud(?:y|ies)|mappings?|maps?|"
    r"proposals?|web\s*sites?|web\s*pages?|platforms?|reports?|guides?|guidelines|protocols?|"
    r"plans?|work\s*plans?|inventor(?:y|ies)|director(?:y|ies)|road\s*maps?|tool\s*kits?|tools?|"
    r"analys[ie]s|diagnos(?:is|tic)|methodolog(?:y|ies)|terms\s+of\s+reference|concept\s+notes?|"
    r"matri(?:x|ces)|compilations?|summar(?:y|ies)|brochures?|leaflets?|infographics?|videos?|"
    r"catalogues?|databases?|glossar(?:y|ies)|curricul(?:um|a)|modules?|drafts?|papers?|"
    r"bulletins?|newsletters?|toolbox|route\s+maps?|agenda|"
    r"documentos?|manual(?:es)?|estrategias?|estudios?|mapeos?|mapas?|propuestas?|"
    r"sitios?\s+web|paginas?\s+web|plataformas?|informes?|reportes?|guias?|lineamientos|"
    r"protocolos?|plan(?:es)?|plan\s+de\s+trabajo|inventarios?|directorios?|hojas?\s+de\s+ruta|"
    r"herramientas?|analisis|diagnosticos?|metodologias?|terminos\s+de\s+referencia|"
    r"notas?\s+conceptual(?:es)?|matri(?:z|ces)|compilaciones?|resumen(?:es)?|folletos?|"
    r"infografias?|catalogos?|bases?\s+de\s+datos|glosarios?|modulos?|borrador(?:es)?|fichas?|"
    r"boletin(?:es)?|cartillas?|agenda",
    "INFO": r"information|data|inputs?|materials?|designations?|focal\s+points?|contacts?|"
    r"contact\s+details|names|nominations?|candidates?|progress|advances|updates|responses|"
    r"answers|replies|questionnaires?|surveys?|statistics|figures|experiences|good\s+practices|"
    r"best\s+practices|examples|lists?|details|"
    r"informacion|datos|insumos|materiales|material|designacion(?:es)?|puntos?\s+focal(?:es)?|"
    r"enlaces?|contactos?|nombres|avances|respuestas?|cuestionarios?|encuestas?|estadisticas|"
    r"cifras|experiencias|buenas\s+practicas|listados?|listas?|actualizaciones",
}
NOUN_PATTERNS = {k: re.compile(r"(?<![\w\u00a7])(?:" + v + r")(?!\w)") for k, v in _NOUNS.items()}

# A meeting or event named after a preposition is a time reference, not the object:
# "present advances at the next meeting", "antes de la próxima reunión".
_PREPOSITION_BEFORE = re.compile(
    r"(?:\b(?:at|in|during|before|after|for|from|by|since|until|within|en|durante|antes|despues"
    r"|desde|hasta|tras|previo|previa|para)\s+(?:de\s+|a\s+)?(?:the|a|an|this|its|their|la|el"
    r"|las|los|una|un|esta|este|su|sus)?\s*(?:\w+\s+){0,2})$"
)


_PROGRESS = re.compile(r"progress|advances|updates|avances|actualizaciones")


def first_key_noun(folded: str, start: int, end: int) -> tuple[str, int, int] | None:
    """Return (category, start, end) of the object noun after `start`, up to `end`.

    The head of a compound wins ("information campaign" is a campaign), and so
    does the document whose progress is reported ("los avances del Manual").
    """
    hits: list[tuple[int, int, str]] = []
    for category, pattern in NOUN_PATTERNS.items():
        for m in pattern.finditer(folded, start, end):
            if category in ("MEETING", "EVENT") and _PREPOSITION_BEFORE.search(
                folded[max(0, m.start() - 40) : m.start()]
            ):
                continue
            hits.append((m.start(), m.end(), category))
    if not hits:
        return None
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    first = hits[0]
    for hit in hits[1:]:
        between = folded[first[1] : hit[0]]
        if hit[0] < first[1]:
            continue
        if not between.strip():
            first = hit  # a noun modifying the next one
            continue
        progress = _PROGRESS.fullmatch(folded[first[0] : first[1]])
        if progress and hit[2] == "DOC" and len(between.split()) <= 4:
            first = hit
        break
    return first[2], first[0], first[1]
