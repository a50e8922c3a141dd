"""The default taxonomy of the product brief: the slugs that data files and tests use.

(slug, English name, Spanish name). The editable taxonomy lives in the database; these are
the defaults it starts from.
"""

DEFAULT_NEEDS: list[tuple[str, str, str]] = [
    ("crisis-hotline", "Crisis hotline", "Línea de crisis"),
    ("counseling", "Counseling", "Consejería"),
    ("support-group", "Support group", "Grupo de apoyo"),
    ("legal", "Legal help", "Ayuda legal"),
    ("medical", "Medical care", "Atención médica"),
    ("shelter-housing", "Shelter and housing", "Refugio y vivienda"),
    ("advocacy", "Advocacy", "Defensoría"),
    ("financial", "Financial help", "Ayuda económica"),
    ("healing", "Healing and wellness", "Sanación y bienestar"),
    ("information", "Information", "Información"),
]

DEFAULT_COMMUNITIES: list[tuple[str, str, str]] = [
    ("everyone", "Everyone", "Todas las personas"),
    ("women", "Women", "Mujeres"),
    ("women-of-color", "Women of color", "Mujeres de color"),
    ("black", "Black", "Personas negras"),
    ("latinx", "Latinx", "Latinx"),
    ("indigenous", "Indigenous", "Indígenas"),
    ("asian-pacific-islander", "Asian and Pacific Islander", "Asiáticos e isleños del Pacífico"),
    ("lgbtq", "LGBTQ+", "LGBTQ+"),
    ("trans-nonbinary", "Trans and nonbinary", "Personas trans y no binarias"),
    ("men-boys", "Men and boys", "Hombres y niños"),
    ("youth", "Youth", "Jóvenes"),
    ("college-students", "College students", "Estudiantes universitarios"),
    ("immigrants", "Immigrants", "Inmigrantes"),
    ("disabled", "Disabled people", "Personas con discapacidad"),
    ("deaf-hard-of-hearing", "Deaf and hard of hearing", "Personas sordas o con pérdida auditiva"),
    ("military-veterans", "Military and veterans", "Militares y veteranos"),
    ("incarcerated", "People in prison or detention", "Personas en prisión o detención"),
]

# slug: (English description, Spanish description)
NEED_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "crisis-hotline": ("Someone to talk to right now, by phone, text or chat.",
                       "Alguien con quien hablar ahora, por teléfono, texto o chat."),
    "counseling": ("Talking with a trained counselor or therapist.",
                   "Hablar con un consejero o terapeuta capacitado."),
    "support-group": ("Meeting other survivors, in person or online.",
                      "Conocer a otras personas sobrevivientes, en persona o en línea."),
    "legal": ("Understanding your rights, protective orders, reporting and court.",
              "Entender sus derechos, órdenes de protección, denuncias y tribunales."),
    "medical": ("Care after an assault, forensic exams and ongoing health care.",
                "Atención después de una agresión, exámenes forenses y cuidado de la salud."),
    "shelter-housing": ("A safe place to stay, now or for longer.",
                        "Un lugar seguro donde quedarse, ahora o por más tiempo."),
    "advocacy": ("Someone on your side through hospitals, police and courts.",
                 "Alguien de su lado en hospitales, policía y tribunales."),
    "financial": ("Help with money, compensation and costs.", "Ayuda con dinero, compensación y gastos."),
    "healing": ("Wellness, arts, body and spiritual healing.", "Bienestar, arte, sanación del cuerpo y espiritual."),
    "information": ("Learning about sexual violence, recovery and your options.",
                    "Información sobre la violencia sexual, la recuperación y sus opciones."),
}  # fmt: skip
