"""The tutorials' small data sets, written out so every run sees the same numbers.

Tutorial A: four people, each described by weight and height, labelled 1 for
female and 0 for male.  The features are shifted to sit near zero (weight in
pounds minus 135, height in inches minus 66), which keeps the sigmoids out of
their flat, slow-learning tails.

Glossary: X rows of features (one row per sample), y the labels.
"""

# Tutorial A: [weight - 135 lb, height - 66 in] -> 1 female, 0 male.
PEOPLE_NAMES = ["Alice", "Bob", "Charlie", "Diana"]
PEOPLE_X = [[-2.0, -1.0], [25.0, 6.0], [17.0, 4.0], [-15.0, -6.0]]
PEOPLE_Y = [1.0, 0.0, 0.0, 1.0]

# Two people the network never saw, to predict after training.
EMILY = [-7.0, -3.0]    # 128 lb, 63 in: female
FRANK = [20.0, 2.0]     # 155 lb, 68 in: male
