using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Auth;

/// <summary>
/// A console tab keeps its circuit (and the user it started with) open for hours; this checks every minute that the
/// key it signed in with is still configured with the same role, and ends the circuit's sign-in when not.
/// </summary>
internal sealed class ConsoleSessionRevalidation(ILoggerFactory loggerFactory, IOptionsMonitor<ApiKeyOptions> keys)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        return Task.FromResult(user.Identity?.IsAuthenticated != true
            || (ConsoleAuth.KeyOf(user, keys.CurrentValue.ApiKeys) is { } key && ConsoleAuth.StillMatches(user, key)));
    }
}
