using VerifiedWriteback.Cli;

return Vwb.Run(args, Console.Out, Console.Error);
