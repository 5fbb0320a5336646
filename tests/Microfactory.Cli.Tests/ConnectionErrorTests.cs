using Microfactory.Cli.Tests.Support;

namespace Microfactory.Cli.Tests;

/// <summary>Failures before any answer: nobody listening, a bad URL, bad arguments.</summary>
public sealed class ConnectionErrorTests
{
    [Fact]
    public async Task An_unreachable_api_names_the_url_and_exits_with_the_unavailable_code()
    {
        var url = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}");
        using var mf = new Mf(url, "any-key-0123456789abcdefghijklmn");

        var result = await mf.RunAsync("sites", "list");

        Assert.Equal(ExitCodes.Unavailable, result.ExitCode);
        Assert.Contains($"Could not reach the API at {url}", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_url_that_is_not_http_is_a_usage_error_naming_where_it_came_from()
    {
        using var mf = new Mf(apiKey: "any-key-0123456789abcdefghijklmn");
        mf.With("MF_URL", "ftp://example.invalid");

        var result = await mf.RunAsync("cities");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'ftp://example.invalid' (from MF_URL) is not an http:// or https:// URL", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_arguments_are_a_usage_error_with_what_is_missing()
    {
        using var mf = new Mf();

        var result = await mf.RunAsync("orders", "submit", "--product", "bracket");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Option '--quantity' is required.", result.Error, StringComparison.Ordinal);
        Assert.Contains("Run 'mf orders submit --help'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_due_date_that_is_neither_a_date_nor_a_duration_is_a_usage_error()
    {
        using var mf = new Mf();

        var result = await mf.RunAsync("orders", "submit", "--product", "bracket", "--quantity", "1", "--city", "osaka", "--due", "soon");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--due 'soon' is neither a date and time", result.Error, StringComparison.Ordinal);
    }
}
