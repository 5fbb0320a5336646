using System.Diagnostics;
using Microfactory.SiteAgent.Hosting;
using Microfactory.SiteAgent.Tests.Support;

namespace Microfactory.SiteAgent.Tests.Configuration;

/// <summary>What an operator sees: the real agent process, configured through environment variables.</summary>
public sealed class AgentProcessStartupTests
{
    [Fact]
    public async Task The_agent_process_exits_with_EX_CONFIG_naming_every_bad_key_and_never_the_credential()
    {
        var environment = new Dictionary<string, string>
        {
            ["Agent__OrchestratorUrl"] = "https://orchestrator.example:7443",
            ["Agent__SiteId"] = "osaka-01",
            ["Agent__Credential"] = "too short!",
            ["Agent__Cells__0__Id"] = "cnc-1",
            ["Agent__Cells__0__Driver"] = "simulated",
            ["Agent__Cells__0__Capabilities__0"] = "cnc-milling",
            ["Agent__Cells__0__Simulated__ScrapRate"] = "1.5",
        };

        var (exitCode, stdout, stderr) = await RunAgentAsync(environment);

        Assert.Equal(ConfigurationErrorExit.ExitCode, exitCode);
        Assert.Contains("Agent:Credential must be at least 16 characters", stderr, StringComparison.Ordinal);
        Assert.Contains("Agent:Cells:0:Simulated:ScrapRate", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("too short!", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_agent_process_names_a_value_it_cannot_read()
    {
        var environment = new Dictionary<string, string>
        {
            ["Agent__OrchestratorUrl"] = "https://orchestrator.example:7443",
            ["Agent__SiteId"] = "osaka-01",
            ["Agent__Credential"] = AgentHosts.Credential,
            ["Agent__Cells__0__Id"] = "cnc-1",
            ["Agent__Cells__0__Driver"] = "simulated",
            ["Agent__Cells__0__Capabilities__0"] = "cnc-milling",
            ["Agent__Cells__0__Simulated__CycleTime"] = "90s",
        };

        var (exitCode, _, stderr) = await RunAgentAsync(environment);

        Assert.Equal(ConfigurationErrorExit.ExitCode, exitCode);
        Assert.Contains("'90s' at 'Agent:Cells:0:Simulated:CycleTime'", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAgentAsync(Dictionary<string, string> environment)
    {
        var agent = AgentProcess.Dll;
        // An empty working directory: the content root holds no appsettings.json, only the environment configures it.
        var workingDirectory = Directory.CreateTempSubdirectory("mf-agent-start-");
        try
        {
            var start = new ProcessStartInfo(AgentProcess.DotnetHost(), [agent])
            {
                WorkingDirectory = workingDirectory.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Agent__", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(key);
            }

            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().Within("the agent process to exit on bad configuration", TimeSpan.FromSeconds(60));
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }

            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            workingDirectory.Delete(recursive: true);
        }
    }
}
