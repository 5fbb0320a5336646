using System.Text.Json;
using Microfactory.Cli.Tests.Support;

namespace Microfactory.Cli.Tests;

/// <summary>The built mf as a shell runs it: the exit codes and streams a script sees.</summary>
[Collection(SharedNetworkCollection.Name)]
public sealed class ProcessTests(SharedNetwork shared)
{
    [Fact]
    public async Task Json_goes_to_stdout_alone_and_exits_zero()
    {
        var result = await RunAsync(SharedNetwork.AdminKey, "sites", "list", "--json");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        using var sites = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(3, sites.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_wrong_key_exits_with_the_auth_code_and_prints_no_stack_trace()
    {
        var result = await RunAsync("wrong-key-0123456789abcdefghijkl", "orders", "list");

        Assert.Equal(ExitCodes.Auth, result.ExitCode);
        Assert.Contains("Unauthorized (401)", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    private async Task<ProcessResult> RunAsync(string key, params string[] args)
    {
        using var home = new Mf(shared.Url, key);

        // The SDK tells test hosts which dotnet runs them; the same one runs mf.dll.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "/usr/bin/dotnet";
        return await ProcessRunner.RunAsync(dotnet, [BuiltApp.Cli, .. args], $"mf {string.Join(' ', args)}", environment: home.Environment);
    }
}
