// The namespaces every file of the image (kernel and job) sees, as ImplicitUsings would give a hosted project.
global using System;
global using System.Threading;
