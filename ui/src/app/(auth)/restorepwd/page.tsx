import { AuthPage, authMetadata } from "@/components/auth/auth-page";
import { EmailLinkForm } from "@/components/auth/email-form";

export const generateMetadata = () => authMetadata("restoreTitle");

export default function RestorePage() {
  return <AuthPage title="restoreTitle"><EmailLinkForm purpose="restore" /></AuthPage>;
}
