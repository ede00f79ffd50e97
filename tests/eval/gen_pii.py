"""Personal-data cases for make eval, generated with Faker (fr_FR, fixed seed): JSON
lines {"text", "label", "kind"} on stdout. label 1: the text holds personal data of
that kind; label 0: a hard negative (the same kind of number with a failing checksum,
or an ordinary number)."""
import json
import random
import sys

from faker import Faker

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200
fake = Faker("fr_FR")
fake.seed_instance(20261123)
rng = random.Random(20261123)

POSITIVE = {
    "phone": ["Mon numéro : {}, rappelle-moi.", "Joignable au {} après 14 h.", "Appelle Paul au {} pour le devis."],
    "email": ["Vous pouvez m'écrire à {}.", "Son adresse perso : {}", "Envoie le CR à {} stp."],
    "iban": ["Mon IBAN est {} pour le remboursement.", "Virement sur {} merci.", "RIB : {}"],
    "nir": ["Numéro de sécu : {}.", "Son NIR {} figure sur la fiche.", "N° SS {}"],
    "card": ["Ma carte {} expire en mars.", "Payé avec la carte {}.", "CB : {}"],
}
NEGATIVE = [
    "Commande n° {} expédiée hier.",
    "Le ticket {} est clos.",
    "Référence dossier {}.",
    "Total : {} unités livrées.",
]


def spaced(s, group=4):
    return " ".join(s[i:i + group] for i in range(0, len(s), group))


def bump(digits, at):
    """The digit string with one digit changed, so a check digit fails."""
    d = list(digits)
    d[at] = str((int(d[at]) + 1 + rng.randrange(8)) % 10)
    return "".join(d)


def luhn_ok(s):
    total = 0
    for i, c in enumerate(reversed(s)):
        n = int(c)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def value(kind):
    if kind == "phone":
        return fake.phone_number()
    if kind == "email":
        return fake.email()
    if kind == "iban":
        iban = fake.iban()
        return spaced(iban) if rng.random() < 0.5 else iban
    if kind == "nir":
        return fake.ssn()
    card = fake.credit_card_number()
    return spaced(card) if rng.random() < 0.5 and len(card) == 16 else card


def bad(kind):
    """A hard negative: the number's shape with its checksum failing."""
    if kind == "iban":
        iban = fake.iban()
        return bump(iban[:4], 3) + iban[4:] if rng.random() < 0.5 else iban[:-1] + bump(iban[-1], 0)
    if kind == "nir":
        nir = fake.ssn()
        return nir[:-2] + "%02d" % ((int(nir[-2:]) + 1 + rng.randrange(90)) % 97 or 98)
    if kind == "card":
        card = fake.credit_card_number()
        while True:
            wrong = card[:-1] + bump(card[-1], 0)
            if not luhn_ok(wrong):
                return wrong
    # Phones have no checksum: digit strings that are too short or too long.
    digits = "".join(str(rng.randrange(10)) for _ in range(rng.choice([6, 7, 8, 12])))
    return digits


def emit(text, label, kind):
    print(json.dumps({"text": text, "label": label, "kind": kind}, ensure_ascii=False))


for kind, templates in POSITIVE.items():
    for i in range(N):
        emit(templates[i % len(templates)].format(value(kind)), 1, kind)
for kind in ("phone", "iban", "nir", "card"):
    for i in range(N):
        emit(NEGATIVE[i % len(NEGATIVE)].format(bad(kind)), 0, kind)
