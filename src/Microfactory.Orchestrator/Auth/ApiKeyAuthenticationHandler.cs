using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Auth;

/// <summary>
/// Accepts <c>Authorization: Bearer &lt;api key&gt;</c>. Keys are compared as SHA-256 digests in constant time, and
/// only the key's name ever reaches logs or traces.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiKeyOptions> keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    // RFC 9110 11.6.1: a 401 names the scheme to use, so clients and tools know to send a bearer key.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return base.HandleChallengeAsync(properties);
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        // gRPC calls are agents presenting site credentials, which the agent link checks itself: judging them as API
        // keys would log every agent's connect as a failed sign-in.
        if (string.IsNullOrEmpty(header) || IsGrpc(Request))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'."));
        }

        var match = ApiKeyRing.Match(keys.CurrentValue.ApiKeys, ApiKeyRing.Digest(header["Bearer ".Length..].Trim()));
        if (match is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(ApiKeyRing.Principal(match, SchemeName), SchemeName)));
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);
}
