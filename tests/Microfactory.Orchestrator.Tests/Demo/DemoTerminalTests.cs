using Microfactory.Orchestrator.Demo;

namespace Microfactory.Orchestrator.Tests.Demo;

/// <summary>The live view only where a person watches an interactive terminal; plain summary lines everywhere else.</summary>
public sealed class DemoTerminalTests
{
    [Theory]
    [InlineData(false, false, null, "xterm-256color", DemoViewMode.Live)]
    [InlineData(false, false, "false", "xterm-256color", DemoViewMode.Live)]
    [InlineData(false, true, null, "xterm-256color", DemoViewMode.Plain)]
    [InlineData(false, false, "true", "xterm-256color", DemoViewMode.Plain)]
    [InlineData(false, false, null, "dumb", DemoViewMode.Plain)]
    [InlineData(true, false, null, "xterm-256color", DemoViewMode.Plain)]
    public void The_view_follows_the_terminal(bool verbose, bool redirected, string? ci, string term, DemoViewMode expected)
    {
        var environment = new Dictionary<string, string?> { ["CI"] = ci, ["TERM"] = term };

        Assert.Equal(expected, DemoTerminal.Choose(verbose, redirected, name => environment.GetValueOrDefault(name)));
    }
}
