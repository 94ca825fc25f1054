"""What PyTorch prints for each tutorial example of `losses4j tour`, with torch.manual_seed(N) before random example N (the tour seeds the same way, and losses4j's generator reproduces PyTorch's).
Writes losses4j-cli/src/test/resources/tour-pytorch.json: {section: printed line}."""
import json
import os

import torch
from torch import nn

out = {}


def seed(n):
    torch.manual_seed(n)


seed(1)
m = nn.Sigmoid()
loss = nn.BCELoss()
input = torch.randn(3, requires_grad=True)
target = torch.empty(3).random_(2)
output = loss(m(input), target)
output.backward()
out["3.5.1"] = f"BCELoss: " + str(output)

seed(2)
loss = nn.CrossEntropyLoss()
input = torch.randn(3, 5, requires_grad=True)
target = torch.empty(3, dtype=torch.long).random_(5)
output = loss(input, target)
output.backward()
out["3.5.2"] = f"CrossEntropyLoss: " + str(output)

for sec, cls in (("3.5.3", nn.L1Loss), ("3.5.4", nn.MSELoss), ("3.5.5", nn.SmoothL1Loss)):
    seed(int(sec.split(".")[-1]))
    loss = cls()
    input = torch.randn(3, 5, requires_grad=True)
    target = torch.randn(3, 5)
    output = loss(input, target)
    output.backward()
    out[sec] = f"{cls.__name__}: " + str(output)

seed(6)
loss = nn.PoissonNLLLoss()
log_input = torch.randn(5, 2, requires_grad=True)
target = torch.randn(5, 2)
output = loss(log_input, target)
output.backward()
out["3.5.6"] = f"PoissonNLLLoss: " + str(output)

inputs = torch.tensor([[0.5, 0.3, 0.2], [0.2, 0.3, 0.5]])
target = torch.tensor([[0.9, 0.05, 0.05], [0.1, 0.7, 0.2]], dtype=torch.float)
out["3.5.7"] = "KLDivLoss: " + str(nn.KLDivLoss()(inputs, target))

seed(8)
loss = nn.MarginRankingLoss()
input1 = torch.randn(3, requires_grad=True)
input2 = torch.randn(3, requires_grad=True)
target = torch.randn(3).sign()
output = loss(input1, input2, target)
output.backward()
out["3.5.8"] = f"MarginRankingLoss: " + str(output)

x = torch.FloatTensor([[0.9, 0.2, 0.4, 0.8]])
y = torch.LongTensor([[3, 0, -1, 1]])
out["3.5.9"] = "MultiLabelMarginLoss: " + str(nn.MultiLabelMarginLoss()(x, y))

inputs = torch.tensor([[0.3, 0.7], [0.5, 0.5]])
target = torch.tensor([[-1, 1], [1, -1]], dtype=torch.float)
out["3.5.10"] = "SoftMarginLoss: " + str(nn.SoftMarginLoss()(inputs, target))

target = torch.tensor([0, 1], dtype=torch.long)
out["3.5.11"] = "MultiMarginLoss: " + str(nn.MultiMarginLoss()(inputs, target))

seed(12)
triplet_loss = nn.TripletMarginLoss(margin=1.0, p=2)
anchor = torch.randn(100, 128, requires_grad=True)
positive = torch.randn(100, 128, requires_grad=True)
negative = torch.randn(100, 128, requires_grad=True)
output = triplet_loss(anchor, positive, negative)
output.backward()
out["3.5.12"] = f"TripletMarginLoss: " + str(output)

inputs = torch.tensor([[1., 0.8, 0.5]])
target = torch.tensor([[1, 1, -1]])
out["3.5.13"] = "HingeEmbeddingLoss: " + str(nn.HingeEmbeddingLoss()(inputs, target))

inputs_1 = torch.tensor([[0.3, 0.5, 0.7], [0.3, 0.5, 0.7]])
inputs_2 = torch.tensor([[0.1, 0.3, 0.5], [0.1, 0.3, 0.5]])
target = torch.tensor([1, -1], dtype=torch.float)
out["3.5.14"] = "CosineEmbeddingLoss: " + str(nn.CosineEmbeddingLoss()(inputs_1, inputs_2, target))

seed(15)
T, C, N, S, S_min = 50, 20, 16, 30, 10
input = torch.randn(T, N, C).log_softmax(2).detach().requires_grad_()
target = torch.randint(low=1, high=C, size=(N, S), dtype=torch.long)
input_lengths = torch.full(size=(N,), fill_value=T, dtype=torch.long)
target_lengths = torch.randint(low=S_min, high=S, size=(N,), dtype=torch.long)
ctc_loss = nn.CTCLoss()
loss = ctc_loss(input, target, input_lengths, target_lengths)
loss.backward()
out["3.5.15-padded"] = f"CTCLoss (padded targets): " + str(loss)
input = torch.randn(T, N, C).log_softmax(2).detach().requires_grad_()
input_lengths = torch.full(size=(N,), fill_value=T, dtype=torch.long)
target_lengths = torch.randint(low=1, high=T, size=(N,), dtype=torch.long)
target = torch.randint(low=1, high=C, size=(sum(target_lengths),), dtype=torch.long)
loss = ctc_loss(input, target, input_lengths, target_lengths)
loss.backward()
out["3.5.15"] = f"CTCLoss: " + str(loss)

path = os.path.join(os.path.dirname(__file__), "..", "..", "losses4j-cli", "src", "test", "resources", "tour-pytorch.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
for k, v in out.items():
    print(k, v)

# ---------------------------------------------------------------- section "train": the training loop, two optimisers
# Written to a second file (tour-train-pytorch.json: {optimiser: [printed lines]}); the lines above stay as they were.


def train(make_opt, name):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
    x = torch.randn(64, 4)
    y = torch.randint(0, 3, (64,))
    loss_fn = nn.CrossEntropyLoss()
    opt = make_opt(model.parameters())
    lines = []
    for step in range(101):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        if step % 20 == 0:
            lines.append(f"{name}: {step} " + str(loss))  # print(step, loss) prints str(loss)
        loss.backward()
        opt.step()
    return lines


train_out = {
    "Adam": train(lambda p: torch.optim.Adam(p, lr=0.01), "Adam"),
    "SGD": train(lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4), "SGD"),
}
train_path = os.path.join(os.path.dirname(__file__), "..", "..", "losses4j-cli", "src", "test", "resources", "tour-train-pytorch.json")
with open(train_path, "w") as f:
    json.dump(train_out, f, indent=1, ensure_ascii=False)
for lines in train_out.values():
    for line in lines:
        print(line)
