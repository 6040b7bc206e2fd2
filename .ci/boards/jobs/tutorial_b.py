# Tutorial B's default run on the board: nn_pure.training.train_tutorial_b() as it stands.
from nn_pure.training import train_tutorial_b

model, history, test_accuracy = train_tutorial_b()
print(len(history["loss"]), history["loss"][-1], history["val_accuracy"], test_accuracy)
assert test_accuracy == 1.0, test_accuracy
