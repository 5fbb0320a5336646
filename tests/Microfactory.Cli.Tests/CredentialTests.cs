using System.Runtime.Versioning;
using Microfactory.Cli.Settings;
using Microfactory.Cli.Tests.Support;

namespace Microfactory.Cli.Tests;

/// <summary>Where mf takes its URL and key from, and what it says when the key is wrong or unsafely kept.</summary>
[Collection(SharedNetworkCollection.Name)]
[UnsupportedOSPlatform("windows")] // file permissions are checked as Unix modes
public sealed class CredentialTests(SharedNetwork shared)
{
    private const string WrongKey = "wrong-key-0123456789abcdefghijkl";

    [Fact]
    public async Task A_wrong_key_prints_the_apis_problem_title_names_where_the_key_came_from_and_exits_with_the_auth_code()
    {
        using var mf = new Mf(shared.Url, WrongKey);

        var result = await mf.RunAsync("cities");

        Assert.Equal(ExitCodes.Auth, result.ExitCode);
        Assert.Contains("GET /api/cities: Unauthorized (401)", result.Error, StringComparison.Ordinal);
        Assert.Contains("from MF_API_KEY", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey, result.Out + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_key_option_wins_over_the_environment()
    {
        using var mf = new Mf(shared.Url, WrongKey);

        var good = await mf.RunAsync("cities", "--api-key", SharedNetwork.AdminKey);
        mf.With("MF_API_KEY", SharedNetwork.AdminKey);
        var bad = await mf.RunAsync("cities", "--api-key", WrongKey);

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Equal(ExitCodes.Auth, bad.ExitCode);
        Assert.Contains("from --api-key", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_config_file_others_can_read_is_refused_and_used_once_it_is_owner_only()
    {
        using var mf = new Mf();
        Directory.CreateDirectory(Path.GetDirectoryName(mf.DefaultConfigPath)!);
        File.WriteAllText(mf.DefaultConfigPath, $$"""{ "url": "{{shared.Url}}", "apiKey": "{{SharedNetwork.AdminKey}}" }""");
        File.SetUnixFileMode(mf.DefaultConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var refused = await mf.RunAsync("cities");
        File.SetUnixFileMode(mf.DefaultConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var used = await mf.RunAsync("cities");

        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains($"Refusing to use {mf.DefaultConfigPath}", refused.Error, StringComparison.Ordinal);
        Assert.Contains("(0644)", refused.Error, StringComparison.Ordinal);
        Assert.Contains($"chmod 600 {mf.DefaultConfigPath}", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(SharedNetwork.AdminKey, refused.Out + refused.Error, StringComparison.Ordinal);
        Assert.True(used.ExitCode == 0, used.ToString());
        Assert.Contains("osaka", used.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_checks_the_key_and_keeps_it_in_an_owner_only_config_file_that_later_commands_use()
    {
        using var mf = new Mf();

        var refused = await mf.RunAsync(WrongKey + "\n", TimeSpan.FromSeconds(30), "login", "--url", shared.Url.ToString());
        var fileAfterRefusal = File.Exists(mf.DefaultConfigPath);
        var login = await mf.RunAsync(SharedNetwork.AdminKey + "\n", TimeSpan.FromSeconds(30), "login", "--url", shared.Url.ToString());
        var cities = await mf.RunAsync("cities", "--json");

        Assert.Equal(ExitCodes.Auth, refused.ExitCode);
        Assert.False(fileAfterRefusal, "login wrote a config file for a key the API refused");
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(mf.DefaultConfigPath));
        Assert.Equal(new CliConfig(shared.Url.ToString(), SharedNetwork.AdminKey), ConfigFile.Read(mf.DefaultConfigPath));
        Assert.DoesNotContain(SharedNetwork.AdminKey, login.Out + login.Error, StringComparison.Ordinal);
        Assert.True(cities.ExitCode == 0, cities.ToString());
    }

    [Fact]
    public async Task No_key_anywhere_says_where_to_put_one()
    {
        using var mf = new Mf(shared.Url);

        var result = await mf.RunAsync("cities");

        Assert.Equal(ExitCodes.Auth, result.ExitCode);
        Assert.Contains("No API key: pass --api-key, set MF_API_KEY, or run `mf login`", result.Error, StringComparison.Ordinal);
    }
}
