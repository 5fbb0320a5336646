using System.Text.RegularExpressions;
using Microfactory.Cli.Tests.Support;

namespace Microfactory.Cli.Tests;

/// <summary>A planner submits an order with mf and follows it: list, show, why; a retry with the printed key is safe.</summary>
[Collection(SharedNetworkCollection.Name)]
public sealed partial class OrderCommandTests(SharedNetwork shared)
{
    [Fact]
    public async Task A_submitted_order_shows_in_list_show_and_why()
    {
        using var mf = new Mf(shared.Url, SharedNetwork.AdminKey);

        var submitted = await mf.RunAsync("orders", "submit", "--product", "bracket", "--quantity", "2", "--due", "3d", "--city", "osaka", "--json");

        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var id = submitted.Json().GetProperty("id").GetString()!;
        Assert.Contains("Idempotency-Key: mf-", submitted.Error, StringComparison.Ordinal);
        await Await.Until(async () => (await mf.RunAsync("orders", "show", id, "--json")).Json().GetProperty("status").GetString() != "Received",
            $"order {id} to be routed");

        var list = await mf.RunAsync("orders", "list", "--delivery-city", "osaka", "--limit", "1000");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(id, list.Out, StringComparison.Ordinal);

        var show = await mf.RunAsync("orders", "show", id);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("bracket@1.0.0", show.Out, StringComparison.Ordinal);
        Assert.Contains("Received", show.Out, StringComparison.Ordinal);
        Assert.Matches(@"At\s+osaka-0[123]/", show.Out);

        var why = await mf.RunAsync("orders", "why", id);
        Assert.True(why.ExitCode == 0, why.ToString());
        Assert.Contains($"Order {id} went to osaka-0", why.Out, StringComparison.Ordinal);
        Assert.Contains("chosen", why.Out, StringComparison.Ordinal);
        Assert.Contains("candidates among", why.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeating_submit_as_its_hint_says_returns_the_same_order_instead_of_a_second_one()
    {
        using var mf = new Mf(shared.Url, SharedNetwork.AdminKey);
        var first = await mf.RunAsync("orders", "submit", "--product", "bracket", "--quantity", "1", "--due", "2d", "--city", "osaka", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());

        // The hint names the key and the due date as sent, so the retry is the same request.
        var hint = RetryHint().Match(first.Error);
        Assert.True(hint.Success, $"no retry hint in: {first.Error}");
        var retry = await mf.RunAsync("orders", "submit", "--product", "bracket", "--quantity", "1", "--city", "osaka", "--json",
            "--idempotency-key", hint.Groups["key"].Value, "--due", hint.Groups["due"].Value);

        Assert.True(retry.ExitCode == 0, retry.ToString());
        Assert.Equal(first.Json().GetProperty("id").GetString(), retry.Json().GetProperty("id").GetString());
        Assert.Contains("nothing new was submitted", retry.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_order_says_the_apis_not_found_message_and_exits_with_the_not_found_code()
    {
        using var mf = new Mf(shared.Url, SharedNetwork.AdminKey);

        var result = await mf.RunAsync("orders", "show", "ord-doesnotexist");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("Not found (404): Order 'ord-doesnotexist' does not exist.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_is_the_apis_json_and_parses()
    {
        using var mf = new Mf(shared.Url, SharedNetwork.AdminKey);

        var cities = await mf.RunAsync("cities", "--json");
        var sites = await mf.RunAsync("--json", "sites", "list");
        var orders = await mf.RunAsync("orders", "list", "--json", "--limit", "5");

        Assert.True(cities.ExitCode == 0 && sites.ExitCode == 0 && orders.ExitCode == 0, $"{cities}\n{sites}\n{orders}");
        Assert.Equal("osaka", Assert.Single(cities.Json().EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(["osaka-01", "osaka-02", "osaka-03"], sites.Json().EnumerateArray().Select(s => s.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(System.Text.Json.JsonValueKind.Array, orders.Json().GetProperty("orders").ValueKind);
    }

    [GeneratedRegex(@"--idempotency-key (?<key>\S+) --due (?<due>\S+)")]
    private static partial Regex RetryHint();
}
