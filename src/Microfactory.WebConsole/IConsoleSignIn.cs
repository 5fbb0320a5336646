using Microsoft.AspNetCore.Http;

namespace Microfactory.WebConsole;

/// <summary>
/// Signs a browser in with an API key and out again. The host implements it next to its API keys, so the console
/// holds no credentials and knows no key.
/// </summary>
public interface IConsoleSignIn
{
    /// <summary>Checks the key and, when it is one, gives the browser its console cookie; null when it is not a key.</summary>
    Task<ConsoleUser?> SignInAsync(HttpContext http, string apiKey);

    Task SignOutAsync(HttpContext http);
}

/// <summary>Who signed in: the key's name, never the key.</summary>
public sealed record ConsoleUser(string Name, string Role);

/// <summary>
/// The host's authorization policies the pages ask for: the same names and roles as the planner API's
/// (planners see and plan; admins also steer rollouts and define sites).
/// </summary>
public static class ConsolePolicies
{
    public const string Planner = "planner";

    public const string Admin = "admin";
}
