using System.Text.Json;

namespace Microfactory.Cli.Settings;

/// <summary>The config file's contents: <c>{ "url": "...", "apiKey": "..." }</c>.</summary>
public sealed record CliConfig(string? Url, string? ApiKey);

/// <summary>
/// The config file (<c>--config</c>, <c>MF_CONFIG</c>, else <c>$XDG_CONFIG_HOME/microfactory/cli.json</c> or
/// <c>~/.config/microfactory/cli.json</c>). It holds an API key, so it must be readable by its owner only: a file
/// that group or others may read or write is refused rather than used.
/// </summary>
public static class ConfigFile
{
    private const UnixFileMode NotOwner =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string PathFor(string? option, CliIO io)
    {
        if ((option ?? io.Environment("MF_CONFIG")) is { } chosen)
        {
            return Path.GetFullPath(chosen);
        }

        var root = io.Environment("XDG_CONFIG_HOME")
            ?? Path.Combine(io.Environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(root, "microfactory", "cli.json");
    }

    /// <summary>The file's settings, or null when there is no file.</summary>
    public static CliConfig? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & NotOwner) != 0)
        {
            var mode = File.GetUnixFileMode(path);
            var what = (mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0 ? "change" : "read";
            throw new CliException(ExitCodes.Usage,
                $"Refusing to use {path}: it holds an API key, but its permissions ({Octal(mode)}) let other users {what} it.",
                [$"Make it readable by you only: chmod 600 {path}"]);
        }

        try
        {
            return JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(path), Json)
                ?? throw new CliException(ExitCodes.Usage, $"{path} is empty; expected {{ \"url\": \"...\", \"apiKey\": \"...\" }}.");
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Usage, $"{path} is not valid JSON ({e.Message}); expected {{ \"url\": \"...\", \"apiKey\": \"...\" }}.");
        }
    }

    /// <summary>Writes the file so that only its owner can read it, replacing any older one in one step.</summary>
    public static void Write(string path, CliConfig config)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, config, Json);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');
}
