"""What PyTorch prints for the README's two examples, in the order examples/ prints them (after its own two lines
saying which kernels run and how): "A first example" (nn.CrossEntropyLoss after torch.manual_seed(0)) and
"Training" (a two-layer network trained with Adam, the loss every 20 steps, after the optimiser's name).

Writes losses4j-examples-it/src/test/resources/readme-examples-pytorch.txt, which ExamplesRunIT compares with the
output of each of the examples' four runs.
"""
import os

import torch
import torch.nn as nn

torch.set_num_threads(1)
lines = []

# A first example
torch.manual_seed(0)
loss = nn.CrossEntropyLoss()
input = torch.randn(3, 5, requires_grad=True)
target = torch.empty(3, dtype=torch.long).random_(5)
output = loss(input, target)
output.backward()
lines.append(str(output))
lines.extend(str(input.grad).split("\n"))

# Training
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
x = torch.randn(64, 4)
y = torch.randint(0, 3, (64,))
loss_fn = nn.CrossEntropyLoss()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for step in range(101):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    if step % 20 == 0:
        lines.append(f"Adam: {step} {str(loss)}")  # str(): a 0-d tensor formats as its number in an f-string
    loss.backward()
    opt.step()

here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "..", "..", "losses4j-examples-it", "src", "test", "resources", "readme-examples-pytorch.txt")
with open(path, "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"{len(lines)} lines -> {os.path.normpath(path)} (torch {torch.__version__})")
print("\n".join(lines))
