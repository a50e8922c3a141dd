"""What frightened people type, and the listings that must come among the first three results.

Counted in reading order across the page's groups (near you, across the state, anywhere in the
US), on the real listings that ``make run`` loads. Shared by tests/resources/test_relevance.py
(every query must pass, on SQLite and PostgreSQL) and bench/relevance.py (success@1, success@3, MRR).
English and Spanish; typos, plurals, verb forms, everyday and clinical words, slang, names and
numbers of lines, with and without a ZIP code or a place typed into the words.
"""

from __future__ import annotations

RAINN = "rainn-national-sexual-assault-hotline"
NDVH = "national-domestic-violence-hotline"
LIFELINE = "988-suicide-and-crisis-lifeline"
CRISIS_TEXT = "crisis-text-line"
STRONGHEARTS = "stronghearts-native-helpline"
TRANS_LIFELINE = "trans-lifeline-hotline"
TREVOR = "the-trevor-project"
CHILDHELP = "childhelp-national-child-abuse-hotline"
LOVE_IS_RESPECT = "love-is-respect"
SAFE_HELPLINE = "dod-safe-helpline"
TRAFFICKING = "national-human-trafficking-hotline"
ONE_IN_SIX = "1in6"
NSVRC = "national-sexual-violence-resource-center"
ME_TOO = "me-too-survivor-healing-journey"
VETERANS = "veterans-crisis-line"
CCRI = "ccri-image-abuse-helpline"
STOP_IT_NOW = "stop-it-now-helpline"
WOMENSLAW = "womenslaw-email-hotline"
JDI = "just-detention-international"
ESPERANZA = "esperanza-united"
UJIMA = "ujima-national-center"
API_GBV = "asian-pacific-institute-on-gender-based-violence"
NAPIESV = "napiesv"
KNOW_YOUR_IX = "know-your-ix"
ENGLAND_WALES = "rape-and-sexual-abuse-support-line-england-wales"
RESPECT_AU = "1800respect-australia"
# State coalitions and community organizations (resources/data/).
ILLINOIS_COALITION = "illinois-coalition-against-sexual-assault"
TEXAS_COALITION = "texas-association-against-sexual-assault"
CALIFORNIA_COALITION = "valorus-california-coalition-against-sexual-assault"
ASISTA = "asista-immigration-assistance"
TAHIRIH = "tahirih-justice-center"
SAFE_HORIZON = "safe-horizon"
MUJERES_LATINAS = "mujeres-latinas-en-accion"

# (address as typed into the site, listings that must all be among the first three)
QUERIES: list[tuple[str, tuple[str, ...]]] = [
    # Browsing, no words: the most helpful first, never alphabetical.
    ("/resources/", (RAINN,)),
    ("/es/resources/", (RAINN,)),
    # Sexual assault, in the words people use.
    ("/resources/?q=rape", (RAINN,)),
    ("/resources/?q=raped", (RAINN,)),
    ("/resources/?q=i+was+raped", (RAINN,)),
    ("/resources/?q=I+got+raped+last+night+what+do+I+do", (RAINN,)),
    ("/resources/?q=sexual+assault", (RAINN,)),
    ("/resources/?q=sexually+assaulted", (RAINN,)),
    ("/resources/?q=sexual+assault+hotline", (RAINN,)),
    ("/resources/?q=rape+crisis+center", (RAINN,)),
    ("/resources/?q=rape+crisis+centers", (RAINN,)),
    ("/resources/?q=molested", (RAINN,)),
    ("/resources/?q=groped", (RAINN,)),
    ("/resources/?q=drugged+and+assaulted", (RAINN,)),
    ("/resources/?q=incest", (RAINN,)),
    ("/resources/?q=someone+to+talk+to", (RAINN,)),
    ("/resources/?q=talk+to+someone+now", (RAINN,)),
    ("/resources/?q=hotline", (RAINN,)),
    ("/resources/?q=crisis+line", (LIFELINE,)),
    # Typos.
    ("/resources/?q=sexual+assualt", (RAINN,)),
    ("/resources/?q=sexaul+assault", (RAINN,)),
    ("/resources/?q=rpae", (RAINN,)),
    ("/resources/?q=councelling", (RAINN,)),
    ("/resources/?q=suport+group", (SAFE_HELPLINE,)),
    ("/resources/?q=domestic+violance", (NDVH,)),
    ("/resources/?q=trafficing", (TRAFFICKING,)),
    # Suicide and crisis.
    ("/resources/?q=suicide", (LIFELINE,)),
    ("/resources/?q=suicidal", (LIFELINE,)),
    ("/resources/?q=i+want+to+kill+myself", (LIFELINE,)),
    ("/resources/?q=i+want+to+die", (LIFELINE,)),
    ("/resources/?q=i+don%27t+want+to+live+anymore", (LIFELINE,)),
    ("/resources/?q=i+want+to+end+my+life", (LIFELINE,)),
    ("/resources/?q=self+harm", (LIFELINE,)),
    ("/es/resources/?q=me+quiero+morir", (LIFELINE,)),
    ("/es/resources/?q=quiero+quitarme+la+vida", (LIFELINE,)),
    ("/es/resources/?q=ya+no+quiero+vivir", (LIFELINE,)),
    # Counseling, therapy.
    ("/resources/?q=therapy", (RAINN,)),
    ("/resources/?q=therapist", (RAINN,)),
    ("/resources/?q=counseling", (RAINN,)),
    ("/resources/?q=counselor", (RAINN,)),
    ("/resources/?q=ptsd", (RAINN,)),
    # Legal help.
    ("/resources/?q=lawyer", (WOMENSLAW,)),
    ("/resources/?q=legal+help", (WOMENSLAW,)),
    ("/resources/?q=attorney", (WOMENSLAW,)),
    ("/resources/?q=legal+information+by+email", (WOMENSLAW,)),
    ("/resources/?q=custody", (WOMENSLAW,)),
    # Partners, dating, family.
    ("/resources/?q=domestic+violence", (NDVH,)),
    ("/resources/?q=abusive+partner", (NDVH,)),
    ("/resources/?q=abusive+boyfriend", (NDVH, LOVE_IS_RESPECT)),
    ("/resources/?q=my+husband+hits+me", (NDVH,)),
    ("/resources/?q=dating+violence", (LOVE_IS_RESPECT,)),
    ("/resources/?q=teen+dating+abuse", (LOVE_IS_RESPECT,)),
    ("/resources/?q=child+abuse", (CHILDHELP,)),
    ("/resources/?q=kid+being+abused", (CHILDHELP,)),
    ("/resources/?q=worried+about+my+own+thoughts+about+children", (STOP_IT_NOW,)),
    ("/resources/?q=trafficking", (TRAFFICKING,)),
    ("/resources/?q=sex+trafficking", (TRAFFICKING,)),
    ("/resources/?q=revenge+porn", (CCRI,)),
    ("/resources/?q=nudes+leaked", (CCRI,)),
    ("/resources/?q=sextortion", (CCRI,)),
    # Communities: their own organizations first.
    ("/resources/?q=gay", (TREVOR,)),
    ("/resources/?q=lesbian", (TREVOR,)),
    ("/resources/?q=queer+youth", (TREVOR,)),
    ("/resources/?q=transgender", (TRANS_LIFELINE,)),
    ("/resources/?q=trans", (TRANS_LIFELINE,)),
    ("/resources/?q=male+survivor", (ONE_IN_SIX,)),
    ("/resources/?q=men", (ONE_IN_SIX,)),
    ("/resources/?q=abused+as+a+boy", (ONE_IN_SIX,)),
    ("/resources/?q=veteran", (VETERANS,)),
    ("/resources/?q=military+sexual+trauma", (SAFE_HELPLINE,)),
    ("/resources/?q=native+american", (STRONGHEARTS,)),
    ("/resources/?q=indigenous", (STRONGHEARTS,)),
    ("/resources/?q=black+women", (UJIMA,)),
    ("/resources/?q=latina", (ESPERANZA,)),
    ("/resources/?q=asian", (NAPIESV, API_GBV)),
    ("/resources/?q=immigrant", (ASISTA,)),
    ("/resources/?q=prison+rape", (JDI,)),
    ("/resources/?q=jail", (JDI,)),
    ("/resources/?q=college+student", (KNOW_YOUR_IX,)),
    ("/resources/?q=title+ix", (KNOW_YOUR_IX,)),
    ("/resources/?community=latinx", (ESPERANZA,)),
    ("/resources/?community=men-boys", (ONE_IN_SIX,)),
    ("/resources/?need=healing", (ME_TOO,)),
    # Ways to reach.
    ("/resources/?q=text+line", (CRISIS_TEXT,)),
    ("/resources/?q=email", (WOMENSLAW,)),
    # Names and numbers of lines.
    ("/resources/?q=RAINN", (RAINN,)),
    ("/resources/?q=988", (LIFELINE,)),
    ("/resources/?q=741741", (CRISIS_TEXT,)),
    ("/resources/?q=800-656-HOPE", (RAINN,)),
    ("/resources/?q=1-800-656-4673", (RAINN,)),
    ("/resources/?q=(800)+799-7233", (NDVH,)),
    ("/resources/?q=trevor", (TREVOR,)),
    ("/resources/?q=1in6", (ONE_IN_SIX,)),
    ("/resources/?q=childhelp", (CHILDHELP,)),
    ("/resources/?q=stronghearts", (STRONGHEARTS,)),
    ("/resources/?q=loveisrespect", (LOVE_IS_RESPECT,)),
    ("/resources/?q=me+too", (ME_TOO,)),
    ("/resources/?q=australia", (RESPECT_AU,)),
    ("/resources/?q=england", (ENGLAND_WALES,)),
    # Spanish, on Spanish pages and typed on English ones.
    ("/resources/?q=violación", (RAINN,)),
    ("/es/resources/?q=violacion", (RAINN,)),
    ("/es/resources/?q=violaciones", (RAINN,)),
    ("/es/resources/?q=me+violaron", (RAINN,)),
    ("/es/resources/?q=abusaron+de+m%C3%AD", (RAINN,)),
    ("/es/resources/?q=abuso+sexual", (RAINN,)),
    ("/es/resources/?q=agresi%C3%B3n+sexual", (RAINN,)),
    ("/es/resources/?q=terapia", (RAINN,)),
    ("/es/resources/?q=consejeria", (RAINN,)),
    ("/es/resources/?q=consejer%C3%ADa", (RAINN,)),
    ("/es/resources/?q=abogado", (ASISTA,)),
    ("/es/resources/?q=informaci%C3%B3n+legal+por+correo", (WOMENSLAW,)),
    ("/es/resources/?q=violencia+dom%C3%A9stica", (NDVH,)),
    ("/es/resources/?q=mi+novio+me+pega", (NDVH,)),
    ("/es/resources/?q=l%C3%ADnea+de+crisis", (RAINN,)),
    ("/es/resources/?q=suicidio", (LIFELINE,)),
    ("/es/resources/?q=hombres", (ONE_IN_SIX,)),
    ("/es/resources/?q=inmigrante", (ASISTA,)),
    ("/es/resources/?q=trata+de+personas", (TRAFFICKING,)),
    ("/es/resources/?q=latinas", (ESPERANZA,)),
    ("/es/resources/?q=ind%C3%ADgenas", (STRONGHEARTS,)),
    ("/es/resources/?q=veteranos", (VETERANS,)),
    ("/es/resources/?q=gay", (TREVOR,)),
    # As people write it in a hard moment: when it happened, how they feel, everyday words (never
    # "corrected" into other words: "last" is not "list", "miedo" is not "medio").
    ("/resources/?q=i+was+rapped", (RAINN,)),
    ("/resources/?q=i+was+drugged+at+a+party", (RAINN,)),
    ("/resources/?q=i+think+i+was+assaulted+but+i+was+drunk", (RAINN,)),
    ("/resources/?q=my+uncle+touched+me+when+i+was+a+kid", (CHILDHELP,)),
    ("/resources/?q=my+coworker+keeps+touching+me", (RAINN,)),
    ("/resources/?q=i%27m+scared+and+alone", (RAINN,)),
    ("/resources/?q=i+can%27t+stop+crying", (RAINN,)),
    ("/resources/?q=nightmares+flashbacks", (RAINN,)),
    ("/resources/?q=i+need+a+rape+kit", (RAINN,)),
    ("/resources/?q=someone+took+pictures+of+me+without+consent", (CCRI,)),
    ("/es/resources/?q=tengo+miedo", (RAINN,)),
    ("/es/resources/?q=me+drogaron+en+una+fiesta", (RAINN,)),
    ("/es/resources/?q=mi+t%C3%ADo+me+toc%C3%B3+cuando+era+ni%C3%B1a", (CHILDHELP,)),
    ("/es/resources/?q=mi+ex+public%C3%B3+fotos+m%C3%ADas", (CCRI,)),
    ("/es/resources/?q=pesadillas", (RAINN,)),
    ("/es/resources/?q=me+violaron+hace+una+semana", (RAINN,)),
    ("/resources/?q=someone+is+stalking+me", (NDVH,)),
    ("/es/resources/?q=me+est%C3%A1n+siguiendo", (NDVH,)),
    ("/resources/?q=i+was+forced+to+work", (TRAFFICKING,)),
    ("/es/resources/?q=me+viol%C3%B3+mi+novio", (NDVH,)),
    ("/resources/?q=my+husband+forces+me+to+have+sex", (RAINN, NDVH)),
    ("/es/resources/?q=mi+esposo+me+obliga+a+tener+sexo", (RAINN, NDVH)),
    # A place: a ZIP code, a city or a state, typed or chosen.
    ("/resources/?q=rape&near=77002", (RAINN,)),
    ("/resources/?q=rape+crisis+center&near=77002", (RAINN,)),
    ("/resources/?q=help+near+60601", (MUJERES_LATINAS,)),  # local help first
    ("/resources/?q=counseling+in+chicago", (ILLINOIS_COALITION,)),
    ("/resources/?q=rape+crisis+houston+tx", (RAINN,)),
    ("/resources/?q=sexual+assault+springfield+illinois", (RAINN,)),
    ("/resources/?q=legal+help+california", (TAHIRIH,)),
    ("/es/resources/?q=violaci%C3%B3n+en+texas", (RAINN,)),
    ("/resources/?region=TX", (RAINN,)),
    ("/resources/?near=10001&q=domestic+violence", (SAFE_HORIZON,)),
    ("/resources/?q=domestic+violence+atlanta", (NDVH,)),
    ("/resources/?q=lawyer+new+york+city", (SAFE_HORIZON,)),
    ("/es/resources/?q=abogado&near=33125", (CCRI,)),
    ("/es/resources/?q=ayuda+en+los+angeles", (CALIFORNIA_COALITION,)),
    # The state's coalition, and the line that routes callers to the nearest centre.
    ("/resources/?q=rape+crisis+center&near=77002", (TEXAS_COALITION, RAINN)),
    ("/resources/?q=rape+crisis+houston+tx", (TEXAS_COALITION,)),
    ("/es/resources/?q=violaci%C3%B3n+en+texas", (TEXAS_COALITION,)),
]

# Words that say what someone is living through right now, without a place: the line made for it
# must be the very first result, not just among the first three (checked on both databases). And
# the whole name of a service: that service.
FIRST: list[tuple[str, str]] = [
    ("/resources/?q=rape", RAINN),
    ("/resources/?q=I+got+raped+last+night+what+do+I+do", RAINN),
    ("/es/resources/?q=me+violaron+anoche", RAINN),
    ("/resources/?q=i+was+raped", RAINN),
    ("/resources/?q=sexual+assault", RAINN),
    ("/resources/?q=sexually+assaulted", RAINN),
    ("/es/resources/?q=me+violaron", RAINN),
    ("/es/resources/?q=agresi%C3%B3n+sexual", RAINN),
    ("/resources/?q=suicide", LIFELINE),
    ("/resources/?q=suicidal", LIFELINE),
    ("/resources/?q=i+want+to+kill+myself", LIFELINE),
    ("/resources/?q=i+want+to+die", LIFELINE),
    ("/resources/?q=i+don%27t+want+to+live+anymore", LIFELINE),
    ("/resources/?q=i+want+to+end+my+life", LIFELINE),
    ("/resources/?q=self+harm", LIFELINE),
    ("/es/resources/?q=me+quiero+morir", LIFELINE),
    ("/es/resources/?q=quiero+quitarme+la+vida", LIFELINE),
    ("/es/resources/?q=ya+no+quiero+vivir", LIFELINE),
    ("/es/resources/?q=suicidio", LIFELINE),
    ("/resources/?q=domestic+violence", NDVH),
    ("/es/resources/?q=violencia+dom%C3%A9stica", NDVH),
    ("/resources/?q=human+trafficking", TRAFFICKING),
    # The whole name of a service someone was told about, local or not.
    ("/resources/?q=safe+horizon", SAFE_HORIZON),
    ("/resources/?q=mujeres+latinas+en+accion", MUJERES_LATINAS),
    ("/resources/?q=child+abuse", CHILDHELP),
]
