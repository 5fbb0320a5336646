using System.Text.RegularExpressions;

namespace Microfactory.Contracts.Tests;

/// <summary>docs/agent-protocol.md must keep up with the .proto files it explains.</summary>
public sealed partial class ProtocolGuideTests(PythonContract python) : IClassFixture<PythonContract>
{
    private static readonly string Guide = RepositoryFiles.Read("docs/agent-protocol.md");

    [Fact]
    public void The_guide_mentions_every_message_and_enum_of_the_contract()
    {
        var files = SampleCoverageTests.ContractFiles().ToList();
        var names = files.SelectMany(f => f.MessageTypes).Select(m => m.Name)
            .Concat(files.SelectMany(f => f.EnumTypes).Select(e => e.Name));

        var missing = names.Where(name => !Guide.Contains($"`{name}`", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, "docs/agent-protocol.md never mentions: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task The_python_skeleton_in_the_guide_uses_only_what_the_generated_code_has()
    {
        var snippet = PythonBlock().Match(Guide);
        Assert.True(snippet.Success, "docs/agent-protocol.md has no ```python block");

        var result = await python.RunScriptAsync("check_skeleton.py", [], snippet.Groups["code"].Value, "Python to check the guide's skeleton");

        Assert.True(result.ExitCode == 0, result.StandardError);
    }

    [GeneratedRegex("```python\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex PythonBlock();
}
