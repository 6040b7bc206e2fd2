# An MLP 2-4-2 learns XOR on the board (seed 0, 100 epochs, as tests.seeded_run trains it).
from nn_pure import MLP, RNG, accuracy, train_epochs, xor_split

rng = RNG(0)
(X, y), _, (X_test, y_test) = xor_split(rng)
model = MLP([2, 4, 2], rng=rng)
train_epochs(model, X, y, epochs=100, batch_size=4, learn_rate=0.2, rng=rng)
score = accuracy(model.predict(X_test), y_test)
print("xor test accuracy", score)
assert score == 1.0, score
