using System.CommandLine;
using Microfactory.Cli.Api;
using Microfactory.Cli.Settings;
using Spectre.Console;

namespace Microfactory.Cli.Commands;

/// <summary>
/// <c>mf login</c>: checks a URL and key against the API and keeps them in the config file, readable by you only.
/// The key is read from MF_API_KEY, a hidden prompt, or one line of standard input; never echoed or printed.
/// </summary>
public static class LoginCommand
{
    public static Command Create(GlobalOptions globals, CliIO io)
    {
        var command = new Command("login", "Check a URL and API key and keep them in the config file (mode 0600)");
        return command.Runs(globals, io, async (context, ct) =>
        {
            var path = ConfigFile.PathFor(context.Value(globals.Config), io);
            var url = context.Value(globals.Url) ?? io.Environment("MF_URL") ?? Existing(path)?.Url ?? Connection.DefaultUrl;
            var key = context.Value(globals.ApiKey) ?? io.Environment("MF_API_KEY") ?? Ask(io, url);
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new CliException(ExitCodes.Auth, "No API key given.");
            }

            using (var api = new ApiClient(new Connection(Connection.ParseUrl(url, "--url"), key.Trim(), "the key given to mf login")))
            {
                await api.GetAsync("/api/cities", ct);
            }

            ConfigFile.Write(path, new CliConfig(url, key.Trim()));
            context.Note($"The API at {url} accepted the key; saved the URL and key to {path} (readable by you only).");
            return ExitCodes.Ok;
        });
    }

    private static CliConfig? Existing(string path)
    {
        try
        {
            return ConfigFile.Read(path);
        }
        catch (CliException)
        {
            return null; // a file login is about to replace
        }
    }

    private static string Ask(CliIO io, string url) =>
        io.ErrorConsole.Profile.Capabilities.Interactive
            ? io.ErrorConsole.Prompt(new TextPrompt<string>($"API key for {Markup.Escape(url)}:").Secret())
            : io.In.ReadLine() ?? "";
}
