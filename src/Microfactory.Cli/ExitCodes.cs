namespace Microfactory.Cli;

/// <summary>What mf returns to the shell; docs/cli.md lists the same table for scripts.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something mf did not expect (a bug or an answer it cannot read).</summary>
    public const int Failure = 1;

    /// <summary>Bad arguments, or a configuration mf refuses to use (a config file others can read, a bad URL).</summary>
    public const int Usage = 2;

    /// <summary>No API key, a key the API refused (401), or a role that may not do this (403).</summary>
    public const int Auth = 3;

    public const int NotFound = 4;

    /// <summary>The API understood the request and refused it: 400, 409, 412, 413, 422.</summary>
    public const int Rejected = 5;

    /// <summary>The API could not be reached, timed out or failed (5xx): trying again later may work.</summary>
    public const int Unavailable = 6;

    /// <summary><c>rollouts show --watch</c>: the rollout ended without completing (aborted or rolled back).</summary>
    public const int RolloutNotCompleted = 7;

    /// <summary>Interrupted (Ctrl+C), as shells report SIGINT.</summary>
    public const int Interrupted = 130;
}
