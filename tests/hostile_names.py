"""Generating adversarial names for the export fuzzes (Python in test_export_fuzz.py, C in
test_export_c_fuzz.py): each fuzz brings its own hand-picked names, string closers,
payloads and alphabet; the way they are combined is the same."""
import random


def adversarial_names(hand_picked, closers, payloads, alphabet, *, separator, n_random, seed):
    """Hand-picked names; each closer + separator + payload, and each payload between two
    closers on lines of its own; then n_random random strings over alphabet.  No repeats,
    in a fixed order (the seed makes the random ones)."""
    names = list(hand_picked)
    for closer in closers:
        for payload in payloads:
            names.append(closer + separator + payload)
            names.append("x" + closer + "\n" + payload + "\n" + closer)
    rng = random.Random(seed)
    for _ in range(n_random):
        names.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))))
    unique = []
    for name in names:
        if name not in unique:
            unique.append(name)
    return unique
