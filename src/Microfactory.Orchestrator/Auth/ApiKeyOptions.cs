using System.ComponentModel.DataAnnotations;

namespace Microfactory.Orchestrator.Auth;

/// <summary>The planner API's credentials: bearer API keys, each with a role. Keys come only from configuration.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Auth";

    public List<ApiKey> ApiKeys { get; set; } = [];
}

public sealed class ApiKey
{
    /// <summary>Who holds the key (logged and traced instead of the key).</summary>
    [Required]
    public string Name { get; set; } = "";

    [Required]
    [MinLength(24, ErrorMessage = "API keys must be at least 24 characters.")]
    public string Key { get; set; } = "";

    /// <summary>planner or admin.</summary>
    [Required]
    [RegularExpression("^(planner|admin)$", ErrorMessage = "Role must be 'planner' or 'admin'.")]
    public string Role { get; set; } = Roles.Planner;
}

public static class Roles
{
    public const string Planner = "planner";

    public const string Admin = "admin";
}
