using System.Security.Cryptography;
using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.State;

namespace Microfactory.SiteAgent.Operations;

/// <summary>
/// The bearer token of the agent's local endpoint: <c>Agent:Local:Token</c>, or a random one the agent makes once in
/// <c>&lt;StateDirectory&gt;/local-token</c>, readable by the agent's user and group only (technicians in the group
/// run the CLI; nobody else on the box can confirm a cell).
/// </summary>
public static class LocalToken
{
    public const string FileName = "local-token";

    /// <summary>The token callers must present; made and written on the first call when none is configured.</summary>
    public static string LoadOrCreate(AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.Local.Token))
        {
            return options.Local.Token;
        }

        var path = PathIn(options);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        SecretFile.Write(path, token, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        return token;
    }

    /// <summary>The token for a CLI call: configured, or read from the state directory (null when the agent never made one).</summary>
    public static string? Read(AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.Local.Token))
        {
            return options.Local.Token;
        }

        var path = PathIn(options);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    public static string PathIn(AgentOptions options) => Path.Combine(options.ResolveStateDirectory(), FileName);
}
