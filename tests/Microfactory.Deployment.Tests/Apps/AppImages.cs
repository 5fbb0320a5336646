extern alias SiteAgentApp;

using System.Text.RegularExpressions;
using Microfactory.Deployment.Tests.Support;
using SiteAgentApp::Microfactory.SiteAgent.Configuration;

namespace Microfactory.Deployment.Tests.Apps;

/// <summary>The apps' assemblies and projects, and the Dockerfile under deploy/ that publishes each.</summary>
public static partial class AppImages
{
    public static string AssemblyName(App app) => app switch
    {
        App.Orchestrator => typeof(Program).Assembly.GetName().Name!,
        App.SiteAgent => typeof(AgentOptions).Assembly.GetName().Name!,
        _ => throw new ArgumentOutOfRangeException(nameof(app), app, "no such app"),
    };

    public static string ProjectPath(App app) => $"src/{AssemblyName(app)}/{AssemblyName(app)}.csproj";

    /// <summary>The project a Dockerfile publishes (its "dotnet publish" argument), repository-relative.</summary>
    public static string? PublishedProject(Dockerfile dockerfile) =>
        dockerfile.Stages.SelectMany(s => s.Arguments("RUN")).Select(run => Publish().Match(run)).FirstOrDefault(m => m.Success)?.Groups[1].Value;

    public static IReadOnlyList<Dockerfile> All() =>
        [.. Repo.Files(Repo.Deploy, "Dockerfile").Select(Dockerfile.Parse)];

    public static IReadOnlyList<(App App, Dockerfile Dockerfile)> Dockerfiles()
    {
        var all = All();
        return [.. Enum.GetValues<App>().Select(app => (app, all.SingleOrDefault(d => PublishedProject(d) == ProjectPath(app))
            ?? throw new InvalidDataException($"No Dockerfile under deploy/ publishes {ProjectPath(app)}.")))];
    }

    public static Dockerfile For(App app) => Dockerfiles().Single(d => d.App == app).Dockerfile;

    [GeneratedRegex(@"dotnet\s+publish\s+(\S+\.csproj)")]
    private static partial Regex Publish();
}
