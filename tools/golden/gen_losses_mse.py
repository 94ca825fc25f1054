"""MSELoss fixtures: the pattern every gen_losses_*.py follows."""
import torch

from losscase import case, error_case, write

cases = []
for dt in (torch.float32, torch.float64):
    tag = "f32" if dt == torch.float32 else "f64"
    for red in ("none", "mean", "sum"):
        for shape in ((), (5,), (3, 5), (2, 3, 4)):
            torch.manual_seed(len(cases))
            x, y = torch.randn(shape, dtype=dt), torch.randn(shape, dtype=dt)
            cases.append(case(f"mse_{red}_{len(shape)}d_{tag}", "MSELoss", {"reduction": red},
                              {"input": x, "target": y}, ["input", "target"], seed=len(cases)))
    torch.manual_seed(99)
    cases.append(case(f"mse_broadcast_{tag}", "MSELoss", {}, {"input": torch.randn(3, 1, dtype=dt), "target": torch.randn(4, dtype=dt)},
                      ["input", "target"], seed=99))
    cases.append(case(f"mse_legacy_size_average_false_{tag}", "MSELoss", {"size_average": False},
                      {"input": torch.randn(4, 2, dtype=dt), "target": torch.randn(4, 2, dtype=dt)}, ["input"]))
    cases.append(case(f"mse_legacy_reduce_false_{tag}", "MSELoss", {"reduce": False},
                      {"input": torch.randn(4, 2, dtype=dt), "target": torch.randn(4, 2, dtype=dt)}, ["input"]))
# PyTorch's own large-mean case: float32 accumulation must stay accurate
cases.append(case("mse_large_mean_ones_5x68x64x64_f32", "MSELoss", {}, {"input": torch.ones(5, 68, 64, 64)[:1, :1] / 10, "target": torch.zeros(1, 1, 64, 64)},
                  ["input"]))
cases.append(error_case("mse_bad_broadcast", "MSELoss", {}, {"input": torch.randn(3, 4), "target": torch.randn(3, 5)},
                        "IllegalArgumentException", "The size of tensor a (4) must match the size of tensor b (5) at non-singleton dimension 1"))
cases.append(error_case("mse_bad_reduction", "MSELoss", {"reduction": "avg"}, {"input": torch.randn(3), "target": torch.randn(3)},
                        "IllegalArgumentException", "avg is not a valid value for reduction"))
write("mse.json", cases)
