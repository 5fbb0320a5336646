namespace Microfactory.Contracts.Tests;

/// <summary>Files of the repository the tests check the contract against (found from the test's output folder).</summary>
internal static class RepositoryFiles
{
    public static string Read(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.Network.sln")))
            {
                return File.ReadAllText(Path.Combine(directory.FullName, relativePath));
            }
        }

        throw new DirectoryNotFoundException($"No Orleans.Network.sln above {AppContext.BaseDirectory}; cannot find {relativePath}.");
    }
}
