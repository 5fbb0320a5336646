using System.Net.Http.Json;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests.PlannerApi;

/// <summary>
/// What a .NET team does with the document: generate a client with Kiota (the dotnet tool on the feed, pinned here),
/// build it, and submit an order with it to a real orchestrator; a refused order comes back as the typed ProblemDetails.
/// </summary>
public sealed class GeneratedClientTests : IAsyncLifetime
{
    private const string KiotaVersion = "1.38.0";
    private const string KiotaLibraries = "2.1.6";

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(5);

    private readonly string _work = Directory.CreateTempSubdirectory("mf-kiota-client-").FullName;
    private RealOrchestrator? _node;

    public async Task InitializeAsync()
    {
        _node = await RealOrchestrator.StartAsync(new Dictionary<string, string>());
        await _node.SeedAsync("osaka-01");
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task A_client_generated_from_the_document_submits_an_order_and_reads_a_refusal_as_ProblemDetails()
    {
        var document = Path.Combine(_work, "openapi.json");
        await File.WriteAllTextAsync(document, await _node!.Admin.GetStringAsync("/openapi/v1.json").Within("GET /openapi/v1.json"));
        var kiota = await InstallKiotaAsync();

        var generated = await Run(kiota, ["generate", "-l", "CSharp", "-d", document, "-o", Path.Combine(_work, "client", "Generated"),
            "-c", "PlannerClient", "-n", "Planner.Client", "--exclude-backward-compatible"], "kiota generate");
        Assert.True(generated.ExitCode == 0, $"kiota generate failed: {generated.StandardError}");
        WriteClientProgram(Path.Combine(_work, "client"));

        var key = "generated-" + Guid.NewGuid().ToString("N");
        var run = await Run(Dotnet(), ["run", "--project", Path.Combine(_work, "client"), "--", _node.Api.ToString(), RealOrchestrator.AdminKey, key],
            "the generated client");

        Assert.True(run.ExitCode == 0, $"the generated client failed ({run.ExitCode}): {run.StandardOutput}\n{run.StandardError}");
        var lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var placed = Assert.Single(lines, l => l.StartsWith("order ", StringComparison.Ordinal)).Split(' ');
        var stored = await _node.Admin.GetFromJsonAsync<RealOrchestrator.OrderState>($"/api/orders/{placed[1]}").Within("GET the client's order");
        Assert.Equal(placed[1], stored!.Id);
        Assert.Contains("problem 400 quantity", lines);
    }

    private async Task<string> InstallKiotaAsync()
    {
        // Pinned and kept per version under the temp directory, so later runs skip the install.
        var tools = Path.Combine(Path.GetTempPath(), $"mf-kiota-{KiotaVersion}");
        var kiota = Path.Combine(tools, "kiota");
        if (!File.Exists(kiota))
        {
            var install = await Run(Dotnet(), ["tool", "install", "Microsoft.OpenApi.Kiota", "--version", KiotaVersion, "--tool-path", tools], "dotnet tool install kiota");
            Assert.True(install.ExitCode == 0, $"installing Kiota {KiotaVersion} failed: {install.StandardOutput}{install.StandardError}");
        }

        return kiota;
    }

    private static void WriteClientProgram(string directory)
    {
        var packages = string.Concat(new[] { "Abstractions", "Http.HttpClientLibrary", "Serialization.Json", "Serialization.Text", "Serialization.Form", "Serialization.Multipart" }
            .Select(p => $"""    <PackageReference Include="Microsoft.Kiota.{p}" Version="{KiotaLibraries}" />{"\n"}"""));
        File.WriteAllText(Path.Combine(directory, "Client.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
            {packages}  </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            using Microsoft.Kiota.Abstractions.Authentication;
            using Microsoft.Kiota.Http.HttpClientLibrary;
            using Planner.Client;
            using Planner.Client.Models;

            // Program <api url> <api key> <idempotency key>
            var adapter = new HttpClientRequestAdapter(new BaseBearerTokenAuthenticationProvider(new ApiKey(args[1]))) { BaseUrl = args[0].TrimEnd('/') };
            var client = new PlannerClient(adapter);
            var order = new OrderSubmission { Product = "bracket", Quantity = 5, DueAt = DateTimeOffset.UtcNow.AddDays(3), DeliveryCityId = "osaka", Priority = OrderPriority.High };
            var placed = await client.Api.Orders.PostAsync(order, c => c.Headers.Add("Idempotency-Key", args[2]));
            Console.WriteLine($"order {placed!.Id} {placed.Status}");
            try
            {
                await client.Api.Orders.PostAsync(new OrderSubmission { Product = "bracket", DueAt = order.DueAt, DeliveryCityId = "osaka" }, c => c.Headers.Add("Idempotency-Key", args[2] + "-no-quantity"));
                Console.WriteLine("no problem");
            }
            catch (ProblemDetails problem)
            {
                Console.WriteLine($"problem {problem.Status} {problem.Field}");
            }

            sealed class ApiKey(string key) : IAccessTokenProvider
            {
                public AllowedHostsValidator AllowedHostsValidator { get; } = new();

                public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? context = null, CancellationToken cancellationToken = default) =>
                    Task.FromResult(key);
            }
            """);
    }

    private Task<ProcessResult> Run(string file, string[] arguments, string what) =>
        ProcessRunner.RunAsync(file, arguments, what, workingDirectory: _work, timeout: ToolTimeout, environment: new Dictionary<string, string>
        {
            // No update check or telemetry over the network; no first-run banner.
            ["KIOTA_OFFLINE_ENABLED"] = "true",
            ["KIOTA_TUTORIAL_ENABLED"] = "false",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        });

    private static string Dotnet() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : new[] { "/usr/bin/dotnet", "/usr/share/dotnet/dotnet", "/usr/lib/dotnet/dotnet" }.FirstOrDefault(File.Exists)
              ?? throw new FileNotFoundException("The dotnet host is needed to build the generated client.");
}
