using System.Text.Json;
using Microfactory.Cli;

namespace Microfactory.Cli.Tests.Support;

/// <summary>What one run of mf printed and returned.</summary>
public sealed record MfResult(int ExitCode, string Out, string Error)
{
    public JsonElement Json() => JsonDocument.Parse(Out).RootElement;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>
/// Runs mf's real command tree in-process with captured output and an environment of its own: HOME is a fresh
/// temp directory, so no developer's config file or MF_* variable leaks into a test.
/// </summary>
public sealed class Mf : IDisposable
{
    private readonly Dictionary<string, string> _environment;

    public Mf(Uri? url = null, string? apiKey = null)
    {
        Home = Directory.CreateTempSubdirectory("mf-cli-home-").FullName;
        _environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["HOME"] = Home };
        if (url is not null)
        {
            _environment["MF_URL"] = url.ToString();
        }

        if (apiKey is not null)
        {
            _environment["MF_API_KEY"] = apiKey;
        }
    }

    public string Home { get; }

    /// <summary>Where mf looks for its config file when neither --config nor MF_CONFIG says otherwise.</summary>
    public string DefaultConfigPath => Path.Combine(Home, ".config", "microfactory", "cli.json");

    public IReadOnlyDictionary<string, string> Environment => _environment;

    public Mf With(string name, string? value)
    {
        if (value is null)
        {
            _environment.Remove(name);
        }
        else
        {
            _environment[name] = value;
        }

        return this;
    }

    public async Task<MfResult> RunAsync(params string[] args) => await RunAsync(null, TimeSpan.FromSeconds(60), args);

    public async Task<MfResult> RunAsync(string? input, TimeSpan timeout, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stdin = new StringReader(input ?? "");
        var io = CliIO.Plain(output, error, stdin, name => _environment.GetValueOrDefault(name));
        var code = await MfCli.RunAsync(args, io).Within($"mf {string.Join(' ', args)}", timeout);
        return new MfResult(code, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // a temp directory left behind is harmless
        }
    }
}
