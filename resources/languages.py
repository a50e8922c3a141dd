"""Languages a service can be offered in, as BCP 47 tags, with names in English and Spanish.

The ``language`` search parameter accepts these tags; anything else is ignored with a notice.
"""

from __future__ import annotations

from django.utils import translation

# tag: (English name, Spanish name)
LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("English", "Inglés"),
    "es": ("Spanish", "Español"),
    "ase": ("American Sign Language", "Lengua de señas americana"),
    "zh": ("Chinese", "Chino"),
    "yue": ("Cantonese", "Cantonés"),
    "cmn": ("Mandarin", "Mandarín"),
    "vi": ("Vietnamese", "Vietnamita"),
    "tl": ("Tagalog", "Tagalo"),
    "ko": ("Korean", "Coreano"),
    "ar": ("Arabic", "Árabe"),
    "ru": ("Russian", "Ruso"),
    "fr": ("French", "Francés"),
    "ht": ("Haitian Creole", "Criollo haitiano"),
    "pt": ("Portuguese", "Portugués"),
    "hi": ("Hindi", "Hindi"),
    "bn": ("Bengali", "Bengalí"),
    "pa": ("Punjabi", "Panyabí"),
    "ur": ("Urdu", "Urdu"),
    "fa": ("Persian", "Persa"),
    "ja": ("Japanese", "Japonés"),
    "de": ("German", "Alemán"),
    "it": ("Italian", "Italiano"),
    "pl": ("Polish", "Polaco"),
    "so": ("Somali", "Somalí"),
    "am": ("Amharic", "Amárico"),
    "sw": ("Swahili", "Suajili"),
    "hmn": ("Hmong", "Hmong"),
    "km": ("Khmer", "Jemer"),
    "lo": ("Lao", "Lao"),
    "ne": ("Nepali", "Nepalí"),
    "my": ("Burmese", "Birmano"),
    "uk": ("Ukrainian", "Ucraniano"),
    "nv": ("Navajo", "Navajo"),
    "chr": ("Cherokee", "Cheroqui"),
    "haw": ("Hawaiian", "Hawaiano"),
    "sm": ("Samoan", "Samoano"),
    "ch": ("Chamorro", "Chamorro"),
    "mul": ("Many languages (interpreters)", "Muchos idiomas (intérpretes)"),
}


def language_name(tag: str) -> str:
    names = LANGUAGES.get(tag)
    if names is None:
        return tag
    return names[1] if translation.get_language() == "es" else names[0]
