# Tutorial A on the board, as the README's Embedding section runs it: 1000 epochs, seed 42.
import nn_pure

net, losses = nn_pure.train_people(seed=42, epochs=1000)
print(len(losses), losses[-1])
emily, frank = net.feedforward(nn_pure.EMILY), net.feedforward(nn_pure.FRANK)
print(emily, frank)
# CPython prints 0.0023276758466228317, 0.9488972676278918 and 0.0393654817242271.
assert abs(losses[-1] - 0.0023276758466228317) < 1e-6, losses[-1]
assert abs(emily - 0.9488972676278918) < 1e-5 and abs(frank - 0.0393654817242271) < 1e-5
