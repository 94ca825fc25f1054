"""Two training runs of the README's loop (golden/train/training.json): the loss at every one of 101 steps.

torch.manual_seed(0); Sequential(Linear(4, 16), ReLU(), Linear(16, 3)); x = randn(64, 4); y = randint(0, 3, (64,));
CrossEntropyLoss; zero_grad, loss, backward, step; with Adam(lr=0.01) and with SGD(lr=0.1, momentum=0.9,
nesterov=True, weight_decay=1e-4) (the tour's "train" section prints every 20th of these). The Java test compares
each step's loss at float32 tolerance. Run with /usr/bin/python3 (Debian's python3-torch 1.13).
"""
import json
import os

import torch
from torch import nn

torch.set_num_threads(1)


def train(make_opt, steps=101):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
    x = torch.randn(64, 4)
    y = torch.randint(0, 3, (64,))
    loss_fn = nn.CrossEntropyLoss()
    opt = make_opt(model.parameters())
    losses = []
    for step in range(steps):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        losses.append(loss.item())
        loss.backward()
        opt.step()
    return losses


runs = [
    {"optimizer": "Adam", "options": {"lr": 0.01}, "losses": train(lambda p: torch.optim.Adam(p, lr=0.01))},
    {"optimizer": "SGD", "options": {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-4},
     "losses": train(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4))},
    {"optimizer": "AdamW", "options": {"lr": 0.01}, "losses": train(lambda p: torch.optim.AdamW(p, lr=0.01))},
    {"optimizer": "RMSprop", "options": {"lr": 0.003}, "losses": train(lambda p: torch.optim.RMSprop(p, lr=0.003))},
    {"optimizer": "Adagrad", "options": {"lr": 0.1}, "losses": train(lambda p: torch.optim.Adagrad(p, lr=0.1))},
]
path = os.path.join(os.path.dirname(__file__), "..", "..", "losses4j-core", "src", "test", "resources", "golden", "train", "training.json")
with open(path, "w") as f:
    json.dump(runs, f, indent=1)
for r in runs:
    print(r["optimizer"], r["losses"][0], r["losses"][-1])
