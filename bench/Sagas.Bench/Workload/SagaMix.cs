using System.Globalization;

namespace Sagas.Bench.Workload;

/// <summary>
/// How often each outcome is planned, as integer weights, e.g. <c>plain=85,fraud=5,funds=5,compensated=5</c>;
/// orders come on top as a percentage of all sagas.
/// </summary>
public sealed record SagaMix(IReadOnlyDictionary<Outcome, int> TransferWeights, int OrderPercent)
{
    static readonly Dictionary<string, Outcome> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["plain"] = Outcome.Plain,
        ["fraud"] = Outcome.FraudRejected,
        ["funds"] = Outcome.InsufficientFunds,
        ["compensated"] = Outcome.Compensated,
    };

    public static SagaMix Default { get; } = Parse("plain=85,fraud=5,funds=5,compensated=5", 0);

    /// <exception cref="FormatException">The text names an unknown outcome, a weight is not a non-negative integer, or all are zero.</exception>
    public static SagaMix Parse(string text, int orderPercent)
    {
        if (orderPercent is < 0 or > 100)
            throw new FormatException("--orders is a percentage from 0 to 100.");

        var weights = new Dictionary<Outcome, int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !Names.TryGetValue(pair[0], out var outcome))
                throw new FormatException($"'{part}' is not name=weight with a name among {string.Join(", ", Names.Keys)}.");
            if (!int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var weight))
                throw new FormatException($"The weight in '{part}' is not a non-negative integer.");
            weights[outcome] = weight;
        }

        if (weights.Values.Sum() == 0 && orderPercent < 100)
            throw new FormatException("The mix needs at least one outcome with a weight above zero.");
        return new SagaMix(weights, orderPercent);
    }

    /// <summary>Draws the outcome of the next saga.</summary>
    public Outcome Draw(Random random)
    {
        if (random.Next(100) < OrderPercent)
            return Outcome.Order;
        var ticket = random.Next(TransferWeights.Values.Sum());
        foreach (var (outcome, weight) in TransferWeights)
        {
            if (ticket < weight)
                return outcome;
            ticket -= weight;
        }

        throw new InvalidOperationException("The weights changed while drawing.");
    }

    public override string ToString() =>
        string.Join(",", TransferWeights.Select(w => $"{Names.Single(n => n.Value == w.Key).Key}={w.Value}")) + $";orders={OrderPercent}%";
}
