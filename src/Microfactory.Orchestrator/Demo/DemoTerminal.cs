namespace Microfactory.Orchestrator.Demo;

public enum DemoViewMode
{
    /// <summary>A view redrawn in place, for a person at an interactive terminal.</summary>
    Live,

    /// <summary>A summary line every few seconds, for logs, CI and dumb terminals.</summary>
    Plain,
}

/// <summary>
/// Which view the terminal gets: the live view only on an interactive terminal; plain lines when standard output is
/// redirected, <c>CI</c> is set, <c>TERM</c> is <c>dumb</c>, or <c>--verbose</c> brings the logs back to the terminal
/// (a live view would fight with them).
/// </summary>
public static class DemoTerminal
{
    public static DemoViewMode Choose(bool verbose, bool outputRedirected, Func<string, string?> environment)
    {
        var ci = environment("CI");
        var inCi = !string.IsNullOrEmpty(ci) && !ci.Equals("false", StringComparison.OrdinalIgnoreCase) && ci != "0";
        var dumb = string.Equals(environment("TERM"), "dumb", StringComparison.Ordinal);
        return verbose || outputRedirected || inCi || dumb ? DemoViewMode.Plain : DemoViewMode.Live;
    }
}
