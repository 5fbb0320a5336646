using System.Globalization;
using Microfactory.Cli.Api;
using Spectre.Console;

namespace Microfactory.Cli.Output;

/// <summary>A rollout: its phase, a line per wave, and every site that is not simply installed (with its reason).</summary>
public static class RolloutView
{
    public static void Render(IAnsiConsole console, Rollout rollout)
    {
        console.MarkupLine($"Rollout [bold]{Show.Text(rollout.Id)}[/] of {Show.Text(rollout.Design)}: {Show.State(rollout.Phase)}" +
            $"{(rollout.Reason is { } reason ? " - " + Show.Text(reason) : "")}, {rollout.Failures} failed");
        var waves = Show.Table("Wave", "Phase", "Installed", "Failed", "In progress", "Needed");
        foreach (var w in rollout.Waves)
        {
            waves.AddRow(Show.Text(WaveName(w)), Show.State(w.Phase), $"{w.Installed}/{w.Sites}", Count(w.Failed), Count(w.InProgress), Count(w.RequiredInstalled));
        }

        console.Write(waves);
        var notInstalled = rollout.Sites.Where(s => s.State != "Installed").ToList();
        if (notInstalled.Count == 0)
        {
            return;
        }

        var sites = Show.Table("Site", "Wave", "State", "Reason");
        foreach (var s in notInstalled)
        {
            sites.AddRow(Show.Text(s.SiteId), Count(s.Wave + 1), Show.State(s.State ?? "not started"), Show.Text(s.Reason));
        }

        console.Write(sites);
    }

    /// <summary>What a wave's progress bar says beside it.</summary>
    public static string Describe(RolloutWave wave) =>
        $"{Markup.Escape(WaveName(wave))}: {wave.Installed}/{wave.Sites} installed{(wave.Failed > 0 ? $", [red]{wave.Failed} failed[/]" : "")} {Show.State(wave.Phase)}";

    private static string WaveName(RolloutWave wave) => $"{wave.Index + 1}. {wave.Name}";

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
