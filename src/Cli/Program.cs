return EbpfCat.Cli.EbpfCatCli.Run(args, Console.Out, Console.Error);
