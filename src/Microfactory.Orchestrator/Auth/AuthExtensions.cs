using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Auth;

public static class AuthExtensions
{
    public const string PlannerPolicy = "planner";

    public const string AdminPolicy = "admin";

    /// <summary>Every API endpoint needs a key; planners read and order, admins also shape the network.</summary>
    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services)
    {
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.Section)
            .Validate(o => o.ApiKeys.Count > 0, "Auth:ApiKeys is empty: configure at least one API key (Auth__ApiKeys__0__Name, __Key, __Role).")
            .Validate(o => o.ApiKeys.Select(k => k.Key).Distinct().Count() == o.ApiKeys.Count, "Auth:ApiKeys holds the same key twice.")
            .Validate(o => o.ApiKeys.All(Valid), "Auth:ApiKeys: every key needs a Name, a Key of at least 24 characters and a Role of planner or admin.")
            .ValidateOnStart();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(PlannerPolicy, p => p.RequireRole(Roles.Planner))
            .AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin));
        return services;
    }

    private static bool Valid(ApiKey key) =>
        !string.IsNullOrWhiteSpace(key.Name) && key.Key.Length >= 24 && key.Role is Roles.Planner or Roles.Admin;
}
