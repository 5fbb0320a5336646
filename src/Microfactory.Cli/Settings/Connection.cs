namespace Microfactory.Cli.Settings;

/// <summary>
/// Where the API is and the key to use. Each comes from the first of: the command-line option (<c>--url</c>,
/// <c>--api-key</c>), the environment (<c>MF_URL</c>, <c>MF_API_KEY</c>), the config file; the URL defaults to the
/// demo's <see cref="DefaultUrl"/>. The key is never printed: messages name only where it came from.
/// </summary>
public sealed record Connection(Uri Url, string ApiKey, string KeySource)
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static Connection Resolve(string? urlOption, string? keyOption, string? configOption, CliIO io)
    {
        string? url = urlOption, key = keyOption;
        string urlSource = "--url", keySource = "--api-key";
        if (url is null && io.Environment("MF_URL") is { } urlVariable)
        {
            (url, urlSource) = (urlVariable, "MF_URL");
        }

        if (key is null && io.Environment("MF_API_KEY") is { } keyVariable)
        {
            (key, keySource) = (keyVariable, "MF_API_KEY");
        }

        if (url is null || key is null)
        {
            var path = ConfigFile.PathFor(configOption, io);
            var file = ConfigFile.Read(path);
            if (url is null && file?.Url is { Length: > 0 } fileUrl)
            {
                (url, urlSource) = (fileUrl, path);
            }

            if (key is null && file?.ApiKey is { Length: > 0 } fileKey)
            {
                (key, keySource) = (fileKey, path);
            }

            if (key is null)
            {
                throw new CliException(ExitCodes.Auth, "No API key: pass --api-key, set MF_API_KEY, or run `mf login` to keep one in " + path + ".");
            }
        }

        return new Connection(ParseUrl(url ?? DefaultUrl, urlSource), key, keySource);
    }

    public static Uri ParseUrl(string url, string source) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
            ? parsed
            : throw new CliException(ExitCodes.Usage, $"The API URL '{url}' (from {source}) is not an http:// or https:// URL.");
}
