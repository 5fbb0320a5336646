using System.CommandLine;

namespace Microfactory.Cli.Commands;

/// <summary>The planning rules a rebalance or a drain takes; left out, the API's Planning:* defaults apply.</summary>
public sealed class PlanningRules
{
    public Option<double?> BandLow { get; } = new("--band-low") { Description = "Sites below this utilisation may take work (default Planning:BandLow)" };

    public Option<double?> BandHigh { get; } = new("--band-high") { Description = "Sites above this utilisation give work away (default Planning:BandHigh)" };

    public Option<double?> MaxKm { get; } = new("--max-km") { Description = "Farthest a move may take an order from its delivery city (default Planning:MaxTransferKm)" };

    public Option<bool> MayRiskDueDates { get; } = new("--may-risk-due-dates") { Description = "Allow moves that make an order late" };

    public void AddTo(Command command)
    {
        command.Options.Add(BandLow);
        command.Options.Add(BandHigh);
        command.Options.Add(MaxKm);
        command.Options.Add(MayRiskDueDates);
    }

    public object? Band(CommandContext context) =>
        context.Value(BandLow) is null && context.Value(BandHigh) is null ? null : new { low = context.Value(BandLow), high = context.Value(BandHigh) };

    public bool? RiskDueDates(CommandContext context) => context.Value(MayRiskDueDates) ? true : null;
}
