using System.Globalization;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Microfactory.Orchestrator.Demo;

/// <summary>
/// What the person who started the main job sees: on an interactive terminal a live view redrawn every
/// <see cref="DemoOptions.ViewRefresh"/>; elsewhere the frame once and a summary line every
/// <see cref="DemoOptions.SummaryInterval"/> (<see cref="DemoTerminal"/> decides).
/// </summary>
public sealed class DemoConsole(DemoFigures figures, DemoLinks links, DemoActivity activity, DemoLogFile logFile, IOptions<DemoOptions> options, TimeProvider time)
{
    public async Task RunAsync(int siteCount, CancellationToken cancellationToken)
    {
        var frame = Frame(siteCount);
        var mode = DemoTerminal.Choose(options.Value.Verbose, Console.IsOutputRedirected, Environment.GetEnvironmentVariable);
        if (mode == DemoViewMode.Live)
        {
            await LiveAsync(frame, cancellationToken);
            return;
        }

        Console.Out.Write(DemoView.Welcome(frame));
        using var timer = new PeriodicTimer(options.Value.SummaryInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            Console.Out.WriteLine(DemoView.Summary(await figures.GatherAsync()));
        }
    }

    public DemoFrame Frame(int siteCount)
    {
        var demo = options.Value;
        var surge = demo.Surge.City is { } city
            ? string.Create(CultureInfo.InvariantCulture, $"{city} demand x{demo.Surge.Factor} from {demo.Surge.At} after start; rebalancing every {demo.Surge.RebalanceInterval} above utilisation {demo.Surge.BandHigh} within {demo.Surge.MaxTransferKm} km")
            : null;
        return new DemoFrame(
            string.Create(CultureInfo.InvariantCulture, $"Microfactory Network demo: {figures.CityCount} cities, {siteCount} simulated sites, {demo.OrdersPerSecond} orders/s"),
            links.All(),
            logFile.Path,
            Path.Combine(DemoSecrets.Directory, "planner.key"),
            surge,
            demo.Surge.BandHigh);
    }

    private async Task LiveAsync(DemoFrame frame, CancellationToken cancellationToken)
    {
        using var held = activity.HoldTerminal();
        var first = DemoView.Live(frame, await figures.GatherAsync());
        try
        {
            await AnsiConsole.Live(first).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async live =>
            {
                using var timer = new PeriodicTimer(options.Value.ViewRefresh, time);
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    live.UpdateTarget(DemoView.Live(frame, await figures.GatherAsync()));
                }
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the last frame stays on the screen.
        }
    }
}

/// <summary>Where this run's log file is.</summary>
public sealed record DemoLogFile(string Path);
