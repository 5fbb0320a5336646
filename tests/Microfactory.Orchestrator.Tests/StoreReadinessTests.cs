using System.Net;
using System.Text.Json;
using Microfactory.Orchestrator.Tests.Support;
using Microfactory.Storage.AzureBlob.Tests;

namespace Microfactory.Orchestrator.Tests;

/// <summary>An orchestrator whose Azure Blob store cannot be used starts, and /readyz says why at once.</summary>
public sealed class StoreReadinessTests
{
    [Fact]
    public async Task Readyz_is_503_with_the_reason_when_the_account_key_is_wrong()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var wrongKey = azurite.ConnectionString.Replace(AzuriteProcess.AccountKey, Convert.ToBase64String(new byte[64]), StringComparison.Ordinal);
        await using var node = await RealOrchestrator.StartAsync(new Dictionary<string, string>(), settings: Settings(wrongKey));

        var detail = await NotReadyDetailAsync(node);

        Assert.Contains("403", detail, StringComparison.Ordinal);
        Assert.Contains("The account key, SAS or token is wrong", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(new byte[64]), detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_is_503_naming_the_endpoint_when_the_account_is_unreachable()
    {
        var closedPort = FreeTcpPort.Next();
        await using var node = await RealOrchestrator.StartAsync(new Dictionary<string, string>(),
            settings: Settings(AzuriteProcess.ConnectionStringFor(closedPort)));

        var detail = await NotReadyDetailAsync(node);

        // The store's own answer (one attempt, no retries), not /readyz's "did not answer within 5 seconds".
        Assert.StartsWith($"Azure Blob at http://127.0.0.1:{closedPort}/", detail, StringComparison.Ordinal);
        Assert.Contains("is unreachable: Connection refused", detail, StringComparison.Ordinal);
    }

    // Such a node never loads its directory, and OrderRecoveryService waits for that without the stop token, so a
    // stop would take the host's whole shutdown timeout (30 s); a short one keeps the test to what it is about.
    private static Dictionary<string, string?> Settings(string connectionString)
    {
        var settings = AzuriteProcess.StoreSettings(connectionString, "readiness");
        settings["shutdownTimeoutSeconds"] = "2";
        return settings;
    }

    private static async Task<string> NotReadyDetailAsync(RealOrchestrator node)
    {
        using var response = await node.Admin.GetAsync("/readyz").Within("GET /readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.ReadAsync<JsonElement>();
        Assert.Equal("Store unavailable", problem.GetProperty("title").GetString());
        return problem.GetProperty("detail").GetString()!;
    }
}
