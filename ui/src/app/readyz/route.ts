export { GET } from "@/app/healthz/route";
