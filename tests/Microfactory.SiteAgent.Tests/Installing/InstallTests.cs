using Microfactory.SiteAgent.Hosting;

namespace Microfactory.SiteAgent.Tests.Installing;

/// <summary>
/// What a factory installs: the agent published as one self-contained file for linux-x64 and linux-arm64, and the
/// systemd unit of deploy/systemd checked by systemd's own tools against that file.
/// </summary>
public sealed class InstallTests
{
    private static readonly string Systemd = Path.Combine(RepositoryRoot.Path, "deploy", "systemd");

    [Fact]
    public async Task Both_publishes_build_a_single_self_contained_file_and_the_unit_file_is_valid()
    {
        var work = Directory.CreateTempSubdirectory("mf-agent-publish-").FullName;
        try
        {
            var x64 = await PublishAsync("linux-x64", work);
            var arm64 = await PublishAsync("linux-arm64", work);

            Assert.Equal(0x3E, ElfMachine(x64));
            Assert.Equal(0xB7, ElfMachine(arm64));
            foreach (var published in new[] { x64, arm64 })
            {
                // One executable (managed code, the runtime and its native parts inside) next to the example settings.
                Assert.Equal(["Microfactory.SiteAgent", "appsettings.json"], Directory.GetFiles(Path.GetDirectoryName(published)!).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            }

            // It runs without any .NET on the box: bad settings make it exit with EX_CONFIG naming the key.
            var run = await ProcessRunner.RunAsync(x64, [], "the published agent with no configuration",
                environment: new Dictionary<string, string> { ["DOTNET_ROOT"] = "/nonexistent", ["Agent__SiteId"] = "Bad Id" }, workingDirectory: work);
            Assert.Equal(ConfigurationErrorExit.ExitCode, run.ExitCode);
            Assert.Contains("Agent:SiteId must be", run.StandardError, StringComparison.Ordinal);

            await VerifyUnitAsync(x64, work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task The_sysusers_file_creates_the_agents_own_user_and_group()
    {
        var root = Directory.CreateTempSubdirectory("mf-sysusers-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "etc"));
            var result = await ProcessRunner.RunAsync("/usr/bin/systemd-sysusers", [$"--root={root}", Path.Combine(Systemd, "microfactory-site-agent.sysusers")], "systemd-sysusers on the agent's file");

            Assert.True(result.ExitCode == 0, result.StandardError);
            var user = File.ReadAllLines(Path.Combine(root, "etc", "passwd")).Single(l => l.StartsWith("microfactory-agent:", StringComparison.Ordinal));
            Assert.EndsWith(":/var/lib/microfactory-site-agent:/usr/sbin/nologin", user, StringComparison.Ordinal);
            Assert.Contains(File.ReadAllLines(Path.Combine(root, "etc", "group")), l => l.StartsWith("microfactory-agent:", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task VerifyUnitAsync(string executable, string work)
    {
        // A root of the box as the install lays it out; systemd's own units from this machine.
        var root = Path.Combine(work, "root");
        var unit = Path.Combine(root, "etc", "systemd", "system", "microfactory-site-agent.service");
        Directory.CreateDirectory(Path.GetDirectoryName(unit)!);
        Directory.CreateDirectory(Path.Combine(root, "opt", "microfactory-site-agent"));
        Directory.CreateDirectory(Path.Combine(root, "usr", "lib", "systemd"));
        File.Copy(Path.Combine(Systemd, "microfactory-site-agent.service"), unit);
        File.Copy(executable, Path.Combine(root, "opt", "microfactory-site-agent", "Microfactory.SiteAgent")); // keeps its mode: executable
        File.CreateSymbolicLink(Path.Combine(root, "usr", "lib", "systemd", "system"), "/lib/systemd/system");

        var verify = await ProcessRunner.RunAsync("/usr/bin/systemd-analyze", ["verify", $"--root={root}", unit], "systemd-analyze verify of the agent's unit");
        Assert.True(verify.ExitCode == 0, verify.StandardError);

        // systemd ignores a line it cannot parse with only a warning: a valid unit verifies without a word.
        Assert.Equal("", verify.StandardError.Trim());

        // The hardening holds: exposure at most 2.0 of 10 ("OK") by systemd's own measure.
        var security = await ProcessRunner.RunAsync("/usr/bin/systemd-analyze", ["security", "--offline=yes", $"--root={root}", "--threshold=20", "microfactory-site-agent.service"], "systemd-analyze security of the agent's unit");
        Assert.True(security.ExitCode == 0, security.StandardOutput + security.StandardError);
    }

    private static async Task<string> PublishAsync(string runtime, string work)
    {
        var output = Path.Combine(work, runtime);

        // Its own artifacts path: the publish never touches the obj/ and bin/ folders that other builds use.
        var result = await ProcessRunner.RunAsync(AgentProcessHost(), ["publish", Path.Combine(RepositoryRoot.Path, "src", "Microfactory.SiteAgent"), "-c", "Release", "-r", runtime,
            "--artifacts-path", Path.Combine(work, $"artifacts-{runtime}"), "-o", output, "-warnaserror", "--nologo"],
            $"dotnet publish for {runtime}", timeout: TimeSpan.FromMinutes(8));
        Assert.True(result.ExitCode == 0, $"dotnet publish -r {runtime} failed ({result.ExitCode}): {result.StandardOutput}{result.StandardError}");
        return Path.Combine(output, "Microfactory.SiteAgent");
    }

    private static int ElfMachine(string path)
    {
        var header = new byte[20];
        using (var file = File.OpenRead(path))
        {
            file.ReadExactly(header);
        }

        Assert.Equal("\u007fELF"u8.ToArray(), header[..4]);
        return header[18] | (header[19] << 8);
    }

    private static string AgentProcessHost() => Support.AgentProcess.DotnetHost();
}
