using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http;

namespace Microfactory.Orchestrator.Hosting;

/// <summary>
/// Where the REST API, the console and the dashboard listen, from ASP.NET Core's own settings in their usual order:
/// <c>Urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>), else <c>HTTP_PORTS</c> (<c>ASPNETCORE_HTTP_PORTS</c>, set by
/// the .NET container images), else <see cref="Default"/>.
/// </summary>
public static class RestEndpoints
{
    public const string Default = "http://127.0.0.1:5080";

    public static IReadOnlyList<IPEndPoint> From(IConfiguration configuration)
    {
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls) && configuration[WebHostDefaults.HttpPortsKey] is { Length: > 0 } ports)
        {
            urls = string.Join(';', ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}"));
        }

        return (string.IsNullOrWhiteSpace(urls) ? Default : urls)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Parse)
            .ToList();
    }

    /// <summary>Leaves the server no URL of its own once they are read: only the endpoints bound in code.</summary>
    public static void Clear(IWebHostBuilder host)
    {
        // An empty value would not do: the web host then falls back to the URLs it read when the builder was created
        // (and to HTTP_PORTS). ";" is a list of no addresses, and stops both fallbacks.
        host.UseSetting(WebHostDefaults.ServerUrlsKey, ";");
    }

    private static IPEndPoint Parse(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            throw new OptionsValidationException("Urls", typeof(IPEndPoint), [$"Urls: '{url}' is not a URL such as http://0.0.0.0:5080."]);
        }

        if (address.Scheme != "http")
        {
            throw new OptionsValidationException("Urls", typeof(IPEndPoint), [$"Urls: '{url}' must be http://; terminate TLS in front of the orchestrator (docs/deployment.md)."]);
        }

        var ip = address.Host is "*" or "+" or "0.0.0.0" or "[::]" ? IPAddress.Any
            : address.Host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(address.Host.Trim('[', ']'), out var parsed) ? parsed
            : throw new OptionsValidationException("Urls", typeof(IPEndPoint), [$"Urls: '{url}' names host '{address.Host}'; give an IP address, localhost or * ."]);
        return new IPEndPoint(ip, address.Port);
    }
}
