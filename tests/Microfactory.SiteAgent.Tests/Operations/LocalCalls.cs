using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microfactory.SiteAgent.Tests.Operations;

/// <summary>Calls to an agent host's local endpoint, with its token (read from the state directory as the CLI does) or without.</summary>
internal sealed class LocalCalls : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    public LocalCalls(IHost host)
    {
        var options = host.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
        Address = host.Services.GetRequiredService<LocalEndpoint>().Address ?? throw new InvalidOperationException("The agent runs no local endpoint.");
        Token = LocalToken.Read(options) ?? throw new InvalidOperationException("The agent made no local token.");
        _http = new HttpClient { BaseAddress = Address };
    }

    public Uri Address { get; }

    public string Token { get; }

    public Task<HttpResponseMessage> ConfirmAsync(string cellId, string? token = null, string by = "test technician") =>
        SendAsync(HttpMethod.Post, $"cells/{cellId}/confirm", token ?? Token, JsonContent.Create(new { by }));

    public Task<HttpResponseMessage> StatusAsync(string? token = null) => SendAsync(HttpMethod.Get, "status", token ?? Token, null);

    public async Task<AgentStatus> ReadStatusAsync()
    {
        using var response = await StatusAsync();
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AgentStatus>(Json))!;
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        if (token.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(request).Within($"{method} {path} on the local endpoint");
    }
}
