using System.Text.RegularExpressions;
using Microfactory.Cli.Tests.Support;

namespace Microfactory.Cli.Tests;

/// <summary>
/// An admin enrols, rotates and revokes a site's agent credential with mf: each secret is printed alone on standard
/// output (so a script can capture it), once, and never appears in what mf shows afterwards.
/// </summary>
[Collection(SharedNetworkCollection.Name)]
public sealed partial class SiteCredentialCommandTests(SharedNetwork shared)
{
    // The shared network's agents use fixed credentials from configuration, which these commands leave alone.
    private const string Site = "osaka-03";

    [Fact]
    public async Task Enrol_prints_only_the_token_show_lists_it_by_id_rotate_prints_the_new_credential_and_revoke_confirms()
    {
        using var mf = new Mf(shared.Url, SharedNetwork.AdminKey);

        var enrol = await mf.RunAsync("sites", "enrol", Site, "--expires-in", "00:05:00");
        Assert.True(enrol.ExitCode == 0, enrol.ToString());
        var token = enrol.Out.Trim();
        Assert.Matches(Base64Url43(), token);
        Assert.Contains("not shown again", enrol.Error, StringComparison.Ordinal);

        var show = await mf.RunAsync("sites", "credential", "show", Site);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("enrolment token", show.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(token, show.Out + show.Error, StringComparison.Ordinal);

        var rotate = await mf.RunAsync("sites", "credential", "rotate", Site, "--grace", "00:00:00");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        Assert.Matches($"^{Site}\\.[A-Za-z0-9_-]{{43}}$", rotate.Out.Trim());

        var revoke = await mf.RunAsync("sites", "credential", "revoke", Site, "--reason", "cli test");
        Assert.True(revoke.ExitCode == 0, revoke.ToString());
        Assert.Contains("every credential is refused", revoke.Out, StringComparison.Ordinal);
        var after = await mf.RunAsync("--json", "sites", "credential", "show", Site);
        Assert.Equal(0, after.Json().GetProperty("credentials").GetArrayLength());
        Assert.Equal(0, after.Json().GetProperty("enrolmentTokens").GetArrayLength());
    }

    [Fact]
    public async Task Enrolling_an_unknown_site_says_so_and_fails()
    {
        using var mf = new Mf(shared.Url, SharedNetwork.AdminKey);

        var result = await mf.RunAsync("sites", "enrol", "nowhere-99");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("nowhere-99", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{43}$")]
    private static partial Regex Base64Url43();
}
