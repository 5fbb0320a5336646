namespace Microfactory.Console.Tests;

/// <summary>A console setting the orchestrator cannot use stops its start-up with a reason that names the setting.</summary>
public sealed class SettingsTests
{
    [Theory]
    [InlineData("http://grafana.example.test/explore", "Console:TraceUrlTemplate must contain {traceId}.")]
    [InlineData("grafana/explore?trace={traceId}", "Console:TraceUrlTemplate must be an absolute http or https URL.")]
    public async Task A_trace_url_template_it_cannot_use_stops_the_orchestrator_with_the_reason(string template, string reason)
    {
        var directory = Directory.CreateTempSubdirectory("mf-console-settings-").FullName;
        try
        {
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "/usr/bin/dotnet";
            var run = await ProcessRunner.RunAsync(dotnet, [BuiltApp.Orchestrator, "--contentRoot", directory], "the orchestrator to refuse its settings",
                environment: new Dictionary<string, string>
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                    ["Urls"] = $"http://127.0.0.1:{FreeTcpPort.Next()}",
                    ["AgentLink__Port"] = FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Orleans__Endpoints__SiloPort"] = FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Orleans__Endpoints__GatewayPort"] = FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Store__Kind"] = "Memory",
                    ["Auth__ApiKeys__0__Name"] = "settings-test",
                    ["Auth__ApiKeys__0__Key"] = "settings-test-key-0123456789abcdef",
                    ["Auth__ApiKeys__0__Role"] = "admin",
                    ["Console__TraceUrlTemplate"] = template,
                },
                workingDirectory: directory);

            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains(reason, run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
