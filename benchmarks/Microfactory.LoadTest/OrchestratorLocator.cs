namespace Microfactory.LoadTest;

/// <summary>Finds the orchestrator's build output: the given path, or src/Microfactory.Orchestrator/bin/{Release,Debug} above the working directory.</summary>
public static class OrchestratorLocator
{
    private const string Dll = "Microfactory.Orchestrator.dll";

    public static string Find(string? given)
    {
        if (given is not null)
        {
            return File.Exists(given) ? Path.GetFullPath(given) : throw new FileNotFoundException($"--orchestrator: no file at {given}.");
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            foreach (var configuration in new[] { "Release", "Debug" })
            {
                var candidate = Path.Combine(dir.FullName, "src", "Microfactory.Orchestrator", "bin", configuration, "net10.0", Dll);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException(
            $"{Dll} not found under src/Microfactory.Orchestrator/bin: build it first (dotnet build -c Release src/Microfactory.Orchestrator) or pass --orchestrator <path>.");
    }
}
