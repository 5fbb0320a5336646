using Microfactory.Cli;

return await MfCli.RunAsync(args, CliIO.FromProcess());
