using System.CommandLine;

namespace Microfactory.Cli.Commands;

/// <summary>Options every command takes: where the API is, the key, the config file, and JSON output.</summary>
public sealed class GlobalOptions
{
    public Option<string?> Url { get; } = new("--url") { Description = "API base URL (else MF_URL, the config file, then http://127.0.0.1:5080)", Recursive = true };

    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "API key (else MF_API_KEY, then the config file); prefer those, a command line is visible to other users", Recursive = true };

    public Option<string?> Config { get; } = new("--config") { Description = "Config file (else MF_CONFIG, then ~/.config/microfactory/cli.json); must be readable by you only", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the API's JSON as it answered, for scripts", Recursive = true };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Url);
        root.Options.Add(ApiKey);
        root.Options.Add(Config);
        root.Options.Add(Json);
    }
}
